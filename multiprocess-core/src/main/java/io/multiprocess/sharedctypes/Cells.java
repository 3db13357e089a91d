package io.multiprocess.sharedctypes;

import io.multiprocess.internal.shm.SharedSegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Typed access to cells of shared memory. Reads are acquire loads and writes release stores (so a
 * value written in one process is seen, with what was written before it, by a reader in another);
 * bytes and booleans use plain accesses with the matching fences, as there is no byte view handle.
 * Offsets are naturally aligned by the callers, which makes every access atomic.
 */
final class Cells {

    private static final VarHandle SHORT =
            MethodHandles.byteBufferViewVarHandle(short[].class, ByteOrder.nativeOrder());
    private static final VarHandle CHAR = MethodHandles.byteBufferViewVarHandle(char[].class, ByteOrder.nativeOrder());
    private static final VarHandle INT = SharedSegment.INT;
    private static final VarHandle LONG = SharedSegment.LONG;
    private static final VarHandle FLOAT =
            MethodHandles.byteBufferViewVarHandle(float[].class, ByteOrder.nativeOrder());
    private static final VarHandle DOUBLE =
            MethodHandles.byteBufferViewVarHandle(double[].class, ByteOrder.nativeOrder());

    private Cells() {}

    static byte getByte(MappedByteBuffer buffer, int offset) {
        byte value = buffer.get(offset);
        VarHandle.acquireFence();
        return value;
    }

    static void setByte(MappedByteBuffer buffer, int offset, byte value) {
        VarHandle.releaseFence();
        buffer.put(offset, value);
    }

    static char getChar(MappedByteBuffer buffer, int offset) {
        return (char) CHAR.getAcquire(buffer, offset);
    }

    static void setChar(MappedByteBuffer buffer, int offset, char value) {
        CHAR.setRelease(buffer, offset, value);
    }

    static short getShort(MappedByteBuffer buffer, int offset) {
        return (short) SHORT.getAcquire(buffer, offset);
    }

    static void setShort(MappedByteBuffer buffer, int offset, short value) {
        SHORT.setRelease(buffer, offset, value);
    }

    static int getInt(MappedByteBuffer buffer, int offset) {
        return (int) INT.getAcquire(buffer, offset);
    }

    static void setInt(MappedByteBuffer buffer, int offset, int value) {
        INT.setRelease(buffer, offset, value);
    }

    static long getLong(MappedByteBuffer buffer, int offset) {
        return (long) LONG.getAcquire(buffer, offset);
    }

    static void setLong(MappedByteBuffer buffer, int offset, long value) {
        LONG.setRelease(buffer, offset, value);
    }

    static float getFloat(MappedByteBuffer buffer, int offset) {
        return (float) FLOAT.getAcquire(buffer, offset);
    }

    static void setFloat(MappedByteBuffer buffer, int offset, float value) {
        FLOAT.setRelease(buffer, offset, value);
    }

    static double getDouble(MappedByteBuffer buffer, int offset) {
        return (double) DOUBLE.getAcquire(buffer, offset);
    }

    static void setDouble(MappedByteBuffer buffer, int offset, double value) {
        DOUBLE.setRelease(buffer, offset, value);
    }

    /** Reads a cell as its boxed Java type. */
    static Object get(TypeCode type, MappedByteBuffer buffer, int offset) {
        return switch (type) {
            case BYTE -> getByte(buffer, offset);
            case CHAR -> getChar(buffer, offset);
            case SHORT -> getShort(buffer, offset);
            case INT -> getInt(buffer, offset);
            case LONG -> getLong(buffer, offset);
            case FLOAT -> getFloat(buffer, offset);
            case DOUBLE -> getDouble(buffer, offset);
            case BOOLEAN -> getByte(buffer, offset) != 0;
        };
    }

    /**
     * Writes a cell from a boxed value: a Number (converted as Java's casts do) for the numeric types, a
     * Character or one-character String for CHAR, a Boolean for BOOLEAN; null writes zero.
     */
    static void set(TypeCode type, MappedByteBuffer buffer, int offset, @Nullable Object value) {
        switch (type) {
            case BYTE -> setByte(buffer, offset, number(type, value).byteValue());
            case CHAR -> setChar(buffer, offset, character(value));
            case SHORT -> setShort(buffer, offset, number(type, value).shortValue());
            case INT -> setInt(buffer, offset, number(type, value).intValue());
            case LONG -> setLong(buffer, offset, number(type, value).longValue());
            case FLOAT -> setFloat(buffer, offset, number(type, value).floatValue());
            case DOUBLE -> setDouble(buffer, offset, number(type, value).doubleValue());
            case BOOLEAN -> setByte(buffer, offset, (byte) (bool(value) ? 1 : 0));
            default -> throw new IllegalArgumentException(type.toString());
        }
    }

    private static Number number(TypeCode type, Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Number number) {
            return number;
        }
        if (value instanceof Character c) {
            return (int) c;
        }
        throw new IllegalArgumentException("Cannot store " + value + " ("
                + value.getClass().getName() + ") in a shared " + type + ": give a Number");
    }

    private static char character(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Character c) {
            return c;
        }
        if (value instanceof String s && s.length() == 1) {
            return s.charAt(0);
        }
        if (value instanceof Number n) {
            return (char) n.intValue();
        }
        throw new IllegalArgumentException(
                "Cannot store " + value + " in a shared CHAR: give a Character or a " + "one-character String");
    }

    private static boolean bool(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return n.longValue() != 0;
        }
        throw new IllegalArgumentException("Cannot store " + value + " in a shared BOOLEAN: give a Boolean");
    }

    static ClassCastException mismatch(TypeCode actual, TypeCode asked) {
        return new ClassCastException("The shared data holds " + actual + " ('" + actual.code() + "'), not " + asked
                + "; use get" + capitalized(actual) + "/set" + capitalized(actual) + ", or get()/set(Object)");
    }

    private static String capitalized(TypeCode type) {
        String name = type.name();
        return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
    }
}
