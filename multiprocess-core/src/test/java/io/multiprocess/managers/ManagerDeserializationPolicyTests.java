package io.multiprocess.managers;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.managers.transport.FrameReader;
import io.multiprocess.managers.transport.FrameWriter;
import io.multiprocess.managers.transport.Protocol;
import io.multiprocess.managers.transport.ValueCodec;
import io.multiprocess.serialization.DeserializationPolicy;
import io.multiprocess.serialization.KryoSerializer;
import io.multiprocess.testing.NoLeftoversExtension;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an authenticated peer may make a manager's server instantiate, over real TCP sockets: a raw peer
 * sends values of classes outside the allow-list; the server refuses them with a message, logs, and
 * serves the next client.
 */
@Timeout(120)
@ExtendWith(NoLeftoversExtension.class)
class ManagerDeserializationPolicyTests {

    private static final byte[] KEY = "manager-policy".getBytes(StandardCharsets.UTF_8);
    private static final BlockingQueue<Object> QUEUE = new LinkedBlockingQueue<>();
    /** Instances of the gadgets below that reached their deserialization hooks in this JVM. */
    static final AtomicInteger HOOKS_RUN = new AtomicInteger();

    /** A class no application allowed, whose deserialization hook would run in the server. */
    static final class Gadget implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private Object readResolve() {
            HOOKS_RUN.incrementAndGet();
            return this;
        }
    }

    /** A Throwable gadget: it travels inside an allowed JDK exception, through Java serialization. */
    static final class GadgetException extends RuntimeException {
        @Serial
        private static final long serialVersionUID = 1L;

        GadgetException() {
            super("gadget");
        }

        @Serial
        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            HOOKS_RUN.incrementAndGet();
        }
    }

    /** An application value the manager allows. */
    record Order(String id, int quantity) implements Serializable {}

    @AfterEach
    void reset() {
        HOOKS_RUN.set(0);
        QUEUE.clear();
    }

    private static BaseManager manager(InetSocketAddress address) {
        BaseManager manager = new BaseManager(address, KEY);
        manager.register("queue", () -> QUEUE, BlockingQueue.class);
        manager.register(
                "holder", args -> new LinkedBlockingQueue<>(List.of(args)), BlockingQueue.class, null, null, true);
        return manager;
    }

    /** The server's port, reached through the loopback address whatever address it bound. */
    private static InetSocketAddress reachable(ServedHere<BaseManager> served) {
        int port = ((InetSocketAddress) served.server.address()).getPort();
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** A raw authenticated peer's CREATE of a queue holding one value, and the server's answer. */
    private static FrameReader createWith(Socket peer, Object argument) throws IOException {
        FrameWriter out = new FrameWriter().reset().writeByte(Protocol.CREATE).writeString("holder");
        ValueCodec.writeAll(out, new Object[] {argument}, new KryoSerializer());
        DataOutputStream stream = new DataOutputStream(peer.getOutputStream());
        byte[] frame = new byte[out.length()];
        System.arraycopy(out.bytes(), 0, frame, 0, frame.length);
        RawManagerPeer.writeFrame(stream, frame);
        return new FrameReader(RawManagerPeer.readFrame(new DataInputStream(peer.getInputStream())));
    }

    @Test
    void onTheWildcardAddressAClassOutsideTheListIsRefusedAndTheServerServesOn() throws Exception {
        try (ServedHere<BaseManager> served = new ServedHere<>(manager(new InetSocketAddress(0)))) {
            InetSocketAddress address = reachable(served);
            try (Socket peer = RawManagerPeer.authenticated(address, KEY, (byte) 3)) {
                FrameReader answer = createWith(peer, new Gadget());
                assertThat(answer.readByte()).isEqualTo(Protocol.FAILED);
                assertThat(answer.readString())
                        .contains(Gadget.class.getName())
                        .contains("allow-list")
                        .contains("multiprocess.serialization.allowed-classes");

                FrameReader wrapped = createWith(peer, new IllegalStateException("outer", new GadgetException()));
                assertThat(wrapped.readByte()).isEqualTo(Protocol.FAILED);
                assertThat(wrapped.readString()).contains(GadgetException.class.getName());

                FrameReader fine = createWith(peer, "a string is a value type");
                assertThat(fine.readByte())
                        .as("the same peer, with an allowed value")
                        .isEqualTo(Protocol.OK);
            }
            assertThat(HOOKS_RUN)
                    .as("no refused class reached its deserialization hook")
                    .hasValue(0);

            BlockingQueue<Object> queue = served.manager.create("queue");
            queue.put("well-behaved");
            assertThat(queue.poll(30, TimeUnit.SECONDS)).isEqualTo("well-behaved");
        }
    }

    @Test
    void applicationClassesTheManagerAllowsTravelBothWays() throws Exception {
        BaseManager allowing = manager(new InetSocketAddress(0))
                .withDeserializationPolicy(
                        DeserializationPolicy.builder().allow(Order.class).build());
        try (ServedHere<BaseManager> served = new ServedHere<>(allowing)) {
            assertThat(served.server.deserializationPolicy().isEnforcing()).isTrue();
            BlockingQueue<Object> queue = served.manager.create("queue");
            queue.put(new Order("o-1", 3));
            assertThat(queue.poll(30, TimeUnit.SECONDS)).isEqualTo(new Order("o-1", 3));
            try (Socket peer = RawManagerPeer.authenticated(reachable(served), KEY, (byte) 4)) {
                FrameReader answer = createWith(peer, new Gadget());
                assertThat(answer.readByte()).isEqualTo(Protocol.FAILED);
                assertThat(answer.readString()).contains(Gadget.class.getName());
            }
        }
    }

    @Test
    void onLoopbackAuthenticatedPeersAreTrustedAsBefore() throws Exception {
        BaseManager loopback = manager(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        try (ServedHere<BaseManager> served = new ServedHere<>(loopback)) {
            assertThat(served.server.deserializationPolicy().isEnforcing()).isFalse();
            try (Socket peer = RawManagerPeer.authenticated(reachable(served), KEY, (byte) 5)) {
                assertThat(createWith(peer, new Gadget()).readByte()).isEqualTo(Protocol.OK);
            }
            assertThat(HOOKS_RUN)
                    .as("pickle's trust: the peer's class was created")
                    .hasValue(1);
        }
    }
}
