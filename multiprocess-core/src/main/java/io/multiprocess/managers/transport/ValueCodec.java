package io.multiprocess.managers.transport;

import io.multiprocess.process.DefaultSettings;
import io.multiprocess.serialization.DeserializationPolicy;
import io.multiprocess.serialization.Serializer;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * How argument and result values are written into a frame: the common small values (null, booleans,
 * ints, longs, doubles, strings, byte arrays) with a one-byte tag and no serializer; everything else as
 * the manager's serializer writes it, behind a length. Keeps a dict's {@code put("k", 1)} to a few
 * bytes and away from the serializer's per-call costs.
 */
public final class ValueCodec {

    private static final ConcurrentHashMap<String, Serializer> SERIALIZERS = new ConcurrentHashMap<>();

    private static final int NULL = 0;
    private static final int TRUE = 1;
    private static final int FALSE = 2;
    private static final int INT = 3;
    private static final int LONG = 4;
    private static final int DOUBLE = 5;
    private static final int STRING = 6;
    private static final int BYTES = 7;
    private static final int SERIALIZED = 8;

    private ValueCodec() {}

    /**
     * Writes a value.
     *
     * @param out        the frame
     * @param value      the value, null included
     * @param serializer writes the values that have no tag of their own
     */
    public static void write(FrameWriter out, @Nullable Object value, Serializer serializer) {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof Integer i) {
            out.writeByte(INT).writeZigZag(i);
        } else if (value instanceof String s) {
            out.writeByte(STRING).writeString(s);
        } else if (value instanceof Long l) {
            out.writeByte(LONG).writeZigZag(l);
        } else if (value instanceof Boolean b) {
            out.writeByte(b ? TRUE : FALSE);
        } else if (value instanceof Double d) {
            out.writeByte(DOUBLE).writeLong(Double.doubleToRawLongBits(d));
        } else if (value instanceof byte[] bytes) {
            out.writeByte(BYTES).writeVarLong(bytes.length).writeBytes(bytes, 0, bytes.length);
        } else {
            byte[] bytes = serializer.serialize(value);
            out.writeByte(SERIALIZED).writeVarLong(bytes.length).writeBytes(bytes, 0, bytes.length);
        }
    }

    /**
     * Reads what {@link #write} wrote.
     *
     * @param in         the frame
     * @param serializer reads the values that have no tag of their own
     * @return the value
     */
    public static @Nullable Object read(FrameReader in, Serializer serializer) {
        return read(in, serializer, DeserializationPolicy.trustAll());
    }

    /**
     * Reads what {@link #write} wrote, under a deserialization policy.
     *
     * @param in         the frame
     * @param serializer reads the values that have no tag of their own
     * @param policy     what the serialized values may name
     * @return the value
     * @throws io.multiprocess.serialization.DeserializationRefusedException if the policy refuses a class
     */
    public static @Nullable Object read(FrameReader in, Serializer serializer, DeserializationPolicy policy) {
        int tag = in.readByte();
        switch (tag) {
            case NULL:
                return null;
            case TRUE:
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
            case INT:
                return (int) in.readZigZag();
            case LONG:
                return in.readZigZag();
            case DOUBLE:
                return Double.longBitsToDouble(in.readLong());
            case STRING:
                return in.readString();
            case BYTES: {
                int length = in.readVarInt();
                byte[] bytes = new byte[length];
                System.arraycopy(in.bytes(), in.skip(length), bytes, 0, length);
                return bytes;
            }
            case SERIALIZED: {
                int length = in.readVarInt();
                int start = in.skip(length);
                return serializer.deserialize(in.bytes(), start, length, policy);
            }
            default:
                throw new FrameReader.MalformedFrameException("unknown value tag " + tag);
        }
    }

    /**
     * Writes values: their count, then each.
     *
     * @param out        the frame
     * @param values     the values; null for none
     * @param serializer writes the values that have no tag of their own
     */
    public static void writeAll(FrameWriter out, @Nullable Object @Nullable [] values, Serializer serializer) {
        int count = values == null ? 0 : values.length;
        out.writeVarLong(count);
        for (int i = 0; i < count; i++) {
            write(out, values[i], serializer);
        }
    }

    /**
     * Reads what {@link #writeAll} wrote.
     *
     * @param in         the frame
     * @param serializer reads the values that have no tag of their own
     * @return the values
     */
    public static @Nullable Object[] readAll(FrameReader in, Serializer serializer) {
        return readAll(in, serializer, DeserializationPolicy.trustAll());
    }

    /**
     * Reads what {@link #writeAll} wrote, under a deserialization policy.
     *
     * @param in         the frame
     * @param serializer reads the values that have no tag of their own
     * @param policy     what the serialized values may name
     * @return the values
     * @throws io.multiprocess.serialization.DeserializationRefusedException if the policy refuses a class
     */
    public static @Nullable Object[] readAll(FrameReader in, Serializer serializer, DeserializationPolicy policy) {
        int count = in.readVarInt();
        if (count > in.remaining()) {
            throw new FrameReader.MalformedFrameException(count + " values in " + in.remaining() + " bytes");
        }
        @Nullable Object[] values = new Object[count];
        for (int i = 0; i < count; i++) {
            values[i] = read(in, serializer, policy);
        }
        return values;
    }

    /**
     * The serializer a manager names by its class: the process's own when it is of that class (it may
     * carry registrations), otherwise one instance per class.
     *
     * @param className the serializer's class name
     * @return the serializer
     */
    public static Serializer serializer(String className) {
        Serializer contextual = DefaultSettings.get().serializer();
        if (contextual.getClass().getName().equals(className)) {
            return contextual;
        }
        return SERIALIZERS.computeIfAbsent(className, Serializer::forClassName);
    }
}
