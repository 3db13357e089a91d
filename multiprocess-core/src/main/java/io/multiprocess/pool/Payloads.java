package io.multiprocess.pool;

import io.multiprocess.SerializationException;
import io.multiprocess.serialization.SerializedThrowable;
import io.multiprocess.serialization.Serializer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How a list of values (a task's arguments, or the outcomes of its items) becomes bytes. Internal.
 *
 * <p>Two forms, chosen per list:
 * <pre>
 * INTS        byte 3, varint count, then count ints (4 bytes LE each): every item an Integer
 * LONGS       byte 4, varint count, then count longs (8 bytes LE each): every item a Long
 * DOUBLES     byte 5, varint count, then count doubles (8 bytes LE each): every item a Double
 * TAGGED      byte 1, varint count, then per item a tag and its data:
 *               0 null | 1 int (4 bytes LE) | 2 long (8) | 3 double (8) | 4 true | 5 false
 *               6 String (varint length, UTF-8) | 7 byte[] (varint length, bytes)
 *               8 failure (varint length, the serializer's bytes of the exception)
 * SERIALIZED  byte 2, then the serializer's bytes of an Object[] (failures as {@link Failure} records)
 * </pre>
 * The tagged form is used when every item is null, an Integer, Long, Double, Boolean, String, byte[]
 * or a failure: those are values, so writing them directly gives the same result as the serializer,
 * at a fraction of the cost per item (which decides the throughput of {@code map} over small items).
 * Anything else sends the whole list through the context's serializer in one call, so that shared
 * references between items survive as they would in one value.
 */
final class Payloads {

    static final byte TAGGED = 1;
    static final byte SERIALIZED = 2;
    static final byte INTS = 3;
    static final byte LONGS = 4;
    static final byte DOUBLES = 5;

    private static final int T_NULL = 0;
    private static final int T_INT = 1;
    private static final int T_LONG = 2;
    private static final int T_DOUBLE = 3;
    private static final int T_TRUE = 4;
    private static final int T_FALSE = 5;
    private static final int T_STRING = 6;
    private static final int T_BYTES = 7;
    private static final int T_FAILURE = 8;

    private Payloads() {}

    /**
     * Encodes {@code items[from, to)} for a task. Serialization happens here, in the caller's thread.
     *
     * @throws SerializationException if an item cannot be serialized
     */
    static byte[] encode(@Nullable Object[] items, int from, int to, Serializer serializer) {
        Class<?> same = commonClass(items, from, to);
        int width = same == Integer.class ? 4 : same == Long.class || same == Double.class ? 8 : 6;
        ByteSink sink = new ByteSink(1 + ByteSink.varIntSize(to - from) + (to - from) * width);
        encodeInto(sink, items, from, to, serializer);
        return sink.toByteArray();
    }

    static void encodeInto(ByteSink sink, @Nullable Object[] items, int from, int to, Serializer serializer) {
        Class<?> same = commonClass(items, from, to);
        if (same == Integer.class) {
            sink.putByte(INTS);
            sink.putVarInt(to - from);
            sink.ensure(4 * (to - from));
            for (int i = from; i < to; i++) {
                sink.putInt((Integer) items[i]);
            }
        } else if (same == Long.class || same == Double.class) {
            boolean longs = same == Long.class;
            sink.putByte(longs ? LONGS : DOUBLES);
            sink.putVarInt(to - from);
            sink.ensure(8 * (to - from));
            for (int i = from; i < to; i++) {
                sink.putLong(longs ? (Long) items[i] : Double.doubleToRawLongBits((Double) items[i]));
            }
        } else if (allTaggable(items, from, to)) {
            sink.putByte(TAGGED);
            sink.putVarInt(to - from);
            for (int i = from; i < to; i++) {
                putTagged(sink, items[i], serializer);
            }
        } else {
            sink.putByte(SERIALIZED);
            Object[] slice = from == 0 && to == items.length ? items : Arrays.copyOfRange(items, from, to);
            sink.putBytes(serializer.serialize(slice));
        }
    }

    /**
     * Encodes the outcomes of a task's items in a worker: values, and {@link Failure}s for items that
     * threw. Never fails: a value that cannot be serialized becomes a failure that says so, and an
     * exception that cannot be serialized travels as a {@link SerializedThrowable}.
     */
    static void encodeOutcomes(ByteSink sink, @Nullable Object[] outcomes, Serializer serializer) {
        int start = sink.position();
        try {
            encodeInto(sink, outcomes, 0, outcomes.length, serializer);
            return;
        } catch (RuntimeException | StackOverflowError e) {
            // Some value cannot be serialized: find it and replace it with a failure that says why.
        }
        Object[] safe = outcomes.clone();
        for (int i = 0; i < safe.length; i++) {
            Object item = safe[i];
            if (item instanceof Failure failure) {
                safe[i] = new Failure(sendable(failure.error(), serializer));
            } else if (!isTaggable(item)) {
                try {
                    serializer.serialize(item);
                } catch (RuntimeException | StackOverflowError e) {
                    safe[i] = new Failure(sendable(
                            new SerializationException(
                                    "The result of the task (a "
                                            + item.getClass().getName() + ") cannot be sent back to the pool: "
                                            + e.getMessage(),
                                    e),
                            serializer));
                }
            }
        }
        sink.rewind(start);
        encodeInto(sink, safe, 0, safe.length, serializer);
    }

    /**
     * Decodes what {@link #encode} or {@link #encodeOutcomes} wrote.
     *
     * @throws SerializationException if the bytes cannot be read back
     */
    static @Nullable Object[] decode(byte[] bytes, int offset, int length, Serializer serializer) {
        ByteSink.Reader in = new ByteSink.Reader(bytes, offset, length);
        int form = in.getByte();
        if (form == SERIALIZED) {
            Object value = serializer.deserialize(bytes, in.position, in.remaining());
            if (!(value instanceof Object[] array)) {
                throw new SerializationException(
                        "A pool message held a "
                                + (value == null ? "null" : value.getClass().getName())
                                + " where a list of items was expected",
                        null);
            }
            return array;
        }
        if (form == INTS || form == LONGS || form == DOUBLES) {
            int count = in.getVarInt();
            int width = form == INTS ? 4 : 8;
            if (count < 0 || (long) count * width > in.remaining()) {
                throw new SerializationException(
                        "Corrupt pool message: " + count + " items in " + in.remaining() + " bytes", null);
            }
            Object[] items = new Object[count];
            int at = in.skip(count * width);
            byte[] data = in.bytes;
            if (form == INTS) {
                for (int i = 0; i < count; i++) {
                    items[i] = ByteSink.getInt(data, at + 4 * i);
                }
            } else if (form == LONGS) {
                for (int i = 0; i < count; i++) {
                    items[i] = ByteSink.getLong(data, at + 8 * i);
                }
            } else {
                for (int i = 0; i < count; i++) {
                    items[i] = Double.longBitsToDouble(ByteSink.getLong(data, at + 8 * i));
                }
            }
            return items;
        }
        if (form != TAGGED) {
            throw new SerializationException("Unknown payload form " + form + " in a pool message", null);
        }
        int count = in.getVarInt();
        if (count < 0 || count > in.remaining()) {
            throw new SerializationException(
                    "Corrupt pool message: " + count + " items in " + in.remaining() + " bytes", null);
        }
        Object[] items = new Object[count];
        for (int i = 0; i < count; i++) {
            items[i] = getTagged(in, serializer);
        }
        return items;
    }

    /** The class of every item if they all have the same one (and none is null), else null. */
    private static @Nullable Class<?> commonClass(@Nullable Object[] items, int from, int to) {
        if (from >= to || items[from] == null) {
            return null;
        }
        Class<?> first = items[from].getClass();
        for (int i = from + 1; i < to; i++) {
            Object item = items[i];
            if (item == null || item.getClass() != first) {
                return null;
            }
        }
        return first;
    }

    private static boolean allTaggable(@Nullable Object[] items, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isTaggable(items[i]) && !(items[i] instanceof Failure)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTaggable(@Nullable Object item) {
        if (item == null) {
            return true;
        }
        Class<?> type = item.getClass();
        return type == Integer.class
                || type == String.class
                || type == Long.class
                || type == Double.class
                || type == Boolean.class
                || type == byte[].class;
    }

    private static void putTagged(ByteSink sink, @Nullable Object item, Serializer serializer) {
        if (item == null) {
            sink.putByte(T_NULL);
        } else if (item instanceof Integer i) {
            sink.putByte(T_INT);
            sink.putInt(i);
        } else if (item instanceof String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            sink.putByte(T_STRING);
            sink.putVarInt(utf8.length);
            sink.putBytes(utf8);
        } else if (item instanceof Long l) {
            sink.putByte(T_LONG);
            sink.putLong(l);
        } else if (item instanceof Double d) {
            sink.putByte(T_DOUBLE);
            sink.putLong(Double.doubleToRawLongBits(d));
        } else if (item instanceof Boolean b) {
            sink.putByte(b ? T_TRUE : T_FALSE);
        } else if (item instanceof byte[] bytes) {
            sink.putByte(T_BYTES);
            sink.putVarInt(bytes.length);
            sink.putBytes(bytes);
        } else if (item instanceof Failure failure) {
            byte[] error = serializer.serialize(failure.error());
            sink.putByte(T_FAILURE);
            sink.putVarInt(error.length);
            sink.putBytes(error);
        } else {
            throw new IllegalStateException("Not a tagged type: " + item.getClass());
        }
    }

    private static @Nullable Object getTagged(ByteSink.Reader in, Serializer serializer) {
        int tag = in.getByte();
        switch (tag) {
            case T_NULL:
                return null;
            case T_INT:
                return in.getInt();
            case T_LONG:
                return in.getLong();
            case T_DOUBLE:
                return Double.longBitsToDouble(in.getLong());
            case T_TRUE:
                return Boolean.TRUE;
            case T_FALSE:
                return Boolean.FALSE;
            case T_STRING: {
                int length = in.getVarInt();
                int at = in.skip(length);
                return new String(in.bytes, at, length, StandardCharsets.UTF_8);
            }
            case T_BYTES: {
                int length = in.getVarInt();
                int at = in.skip(length);
                return Arrays.copyOfRange(in.bytes, at, at + length);
            }
            case T_FAILURE: {
                int length = in.getVarInt();
                int at = in.skip(length);
                Object error = serializer.deserialize(in.bytes, at, length);
                return new Failure(
                        error instanceof Throwable t
                                ? t
                                : new SerializationException(
                                        "A failed task sent a "
                                                + (error == null
                                                        ? "null"
                                                        : error.getClass().getName()) + " instead of an exception",
                                        null));
            }
            default:
                throw new SerializationException("Unknown item tag " + tag + " in a pool message", null);
        }
    }

    /**
     * The exception itself if the serializer can send it; otherwise a {@link SerializedThrowable} chain
     * with the same class names, messages, stack traces, causes and suppressed exceptions.
     */
    static Throwable sendable(Throwable error, Serializer serializer) {
        try {
            serializer.serialize(error);
            return error;
        } catch (RuntimeException | StackOverflowError e) {
            return standIn(error, new IdentityHashMap<>());
        }
    }

    private static SerializedThrowable standIn(Throwable error, Map<Throwable, SerializedThrowable> seen) {
        SerializedThrowable known = seen.get(error);
        if (known != null) {
            return known;
        }
        String name = error instanceof SerializedThrowable s
                ? s.originalClassName()
                : error.getClass().getName();
        SerializedThrowable copy = new SerializedThrowable(name, error.getMessage());
        seen.put(error, copy);
        copy.setStackTrace(error.getStackTrace());
        Throwable cause = error.getCause();
        if (cause != null && cause != error && seen.size() < 64) {
            copy.initCause(standIn(cause, seen));
        }
        for (Throwable suppressed : error.getSuppressed()) {
            if (seen.size() < 64) {
                copy.addSuppressed(standIn(suppressed, seen));
            }
        }
        return copy;
    }
}
