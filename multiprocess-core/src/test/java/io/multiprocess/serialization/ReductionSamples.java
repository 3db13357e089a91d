package io.multiprocess.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.Serializable;
import java.net.Socket;
import java.util.Objects;

/** Classes that tests register reductions for; shared by the in-JVM tests and the child-process ones. */
final class ReductionSamples {

    private ReductionSamples() {}

    /**
     * A value whose rebuilt copies record where they were rebuilt: proof that the registered reduction,
     * not field copying, brought them. Not Serializable and without a no-argument constructor.
     */
    static final class Money {
        final long cents;
        final String currency;
        /** The pid of the process whose rebuild function made this instance; 0 for an original. */
        final long rebuiltIn;

        Money(long cents, String currency) {
            this(cents, currency, 0);
        }

        private Money(long cents, String currency, long rebuiltIn) {
            this.cents = cents;
            this.currency = currency;
            this.rebuiltIn = rebuiltIn;
        }

        /** The reduce function: "1250 EUR". */
        static String format(Money money) {
            return money.cents + " " + money.currency;
        }

        /** The rebuild function. */
        static Money parse(String text) {
            String[] parts = text.split(" ");
            return new Money(
                    Long.parseLong(parts[0]), parts[1], ProcessHandle.current().pid());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Money m && m.cents == cents && m.currency.equals(currency);
        }

        @Override
        public int hashCode() {
            return Objects.hash(cents, currency);
        }

        @Override
        public String toString() {
            return format(this) + (rebuiltIn == 0 ? "" : " (rebuilt in " + rebuiltIn + ")");
        }
    }

    /** A user's class wrapping a socket, which the library refuses to send unless a reduction says how. */
    static final class Endpoint {
        final String host;
        final int port;
        final Socket socket;

        Endpoint(String host, int port, Socket socket) {
            this.host = host;
            this.port = port;
            this.socket = socket;
        }

        static String address(Endpoint endpoint) {
            return endpoint.host + ":" + endpoint.port;
        }

        /** Rebuilds it unconnected: a real one would reconnect. */
        static Endpoint reopen(String address) {
            int colon = address.lastIndexOf(':');
            return new Endpoint(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)), null);
        }
    }

    /** A class with its own writeReplace, to show that a registration has priority over it. */
    static final class SelfReplacing implements Serializable {
        private static final long serialVersionUID = 1L;
        final String name;
        transient String how;

        SelfReplacing(String name) {
            this.name = name;
        }

        private Object writeReplace() {
            return new SelfReplacingForm(name);
        }

        static SelfReplacing viaRegistration(String name) {
            SelfReplacing rebuilt = new SelfReplacing(name);
            rebuilt.how = "registration";
            return rebuilt;
        }
    }

    /** The stand-in of {@link SelfReplacing}'s own protocol. */
    record SelfReplacingForm(String name) implements Serializable {
        private Object readResolve() {
            SelfReplacing rebuilt = new SelfReplacing(name);
            rebuilt.how = "writeReplace";
            return rebuilt;
        }
    }

    /** An exception with a field of a registered class. */
    static final class PaymentException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        @SuppressWarnings("serial")
        final Money amount;

        PaymentException(String message, Money amount) {
            super(message);
            this.amount = amount;
        }
    }

    /** A point, given a hand-written Kryo serializer. */
    static final class Point {
        final int x;
        final int y;
        boolean viaKryoSerializer;

        Point(int x, int y) {
            this.x = x;
            this.y = y;
        }
    }

    /** The hand-written Kryo serializer of {@link Point}. */
    public static final class PointSerializer extends com.esotericsoftware.kryo.Serializer<Point> {

        @Override
        public void write(Kryo kryo, Output output, Point point) {
            output.writeVarInt(point.x, false);
            output.writeVarInt(point.y, false);
        }

        @Override
        public Point read(Kryo kryo, Input input, Class<? extends Point> type) {
            Point point = new Point(input.readVarInt(false), input.readVarInt(false));
            point.viaKryoSerializer = true;
            return point;
        }
    }
}
