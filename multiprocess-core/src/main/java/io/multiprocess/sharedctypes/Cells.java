package io.multiprocess.sharedctypes;

import io.multiprocess.internal.shm.SharedSegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
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

    /** Reads a cell as its boxed Java type (see {@link TypeCode#convert(Object)}). */
    static Object get(TypeCode type, MappedByteBuffer buffer, int offset) {
        return switch (type) {
            case BYTE -> getByte(buffer, offset);
            case UNSIGNED_BYTE -> getByte(buffer, offset) & 0xFF;
            case CHAR -> (char) (getByte(buffer, offset) & 0xFF);
            case WCHAR -> wideCharacter(getInt(buffer, offset));
            case SHORT -> getShort(buffer, offset);
            case UNSIGNED_SHORT -> getShort(buffer, offset) & 0xFFFF;
            case INT -> getInt(buffer, offset);
            case UNSIGNED_INT -> getInt(buffer, offset) & 0xFFFF_FFFFL;
            case LONG -> getLong(buffer, offset);
            case UNSIGNED_LONG -> TypeCode.toUnsignedBig(getLong(buffer, offset));
            case FLOAT -> getFloat(buffer, offset);
            case DOUBLE -> getDouble(buffer, offset);
            case BOOLEAN -> getByte(buffer, offset) != 0;
        };
    }

    /** Writes a cell from a boxed value, converted by {@link TypeCode#convert(Object)}. */
    static void set(TypeCode type, MappedByteBuffer buffer, int offset, @Nullable Object value) {
        switch (type) {
            case CHAR -> setByte(buffer, offset, (byte) type.byteCharacter(value));
            case WCHAR -> setInt(buffer, offset, type.codePoint(value));
            case LONG, UNSIGNED_LONG -> setLong(buffer, offset, type.longBits(value));
            case BYTE, UNSIGNED_BYTE -> setByte(buffer, offset, ((Number) type.convert(value)).byteValue());
            case SHORT, UNSIGNED_SHORT -> setShort(buffer, offset, ((Number) type.convert(value)).shortValue());
            case INT, UNSIGNED_INT -> setInt(buffer, offset, ((Number) type.convert(value)).intValue());
            case FLOAT -> setFloat(buffer, offset, (Float) type.convert(value));
            case DOUBLE -> setDouble(buffer, offset, (Double) type.convert(value));
            case BOOLEAN -> setByte(buffer, offset, (byte) ((Boolean) type.convert(value) ? 1 : 0));
        }
    }

    /** Reads a cell whose {@link TypeCode#javaType()} is int. */
    static int getIntValue(TypeCode type, MappedByteBuffer buffer, int offset) {
        return switch (type) {
            case INT, WCHAR -> getInt(buffer, offset);
            case UNSIGNED_BYTE -> getByte(buffer, offset) & 0xFF;
            case UNSIGNED_SHORT -> getShort(buffer, offset) & 0xFFFF;
            default -> throw mismatch(type, "getInt");
        };
    }

    /** Writes a cell whose {@link TypeCode#javaType()} is int, range-checked for the narrower codes. */
    static void setIntValue(TypeCode type, MappedByteBuffer buffer, int offset, int value) {
        switch (type) {
            case INT -> setInt(buffer, offset, value);
            case WCHAR -> setInt(buffer, offset, type.codePoint(value));
            case UNSIGNED_BYTE -> setByte(buffer, offset, (byte) type.unsigned(value, 0xFFL));
            case UNSIGNED_SHORT -> setShort(buffer, offset, (short) type.unsigned(value, 0xFFFFL));
            default -> throw mismatch(type, "setInt");
        }
    }

    /** Reads a cell whose {@link TypeCode#javaType()} is long (the raw bits for UNSIGNED_LONG). */
    static long getLongValue(TypeCode type, MappedByteBuffer buffer, int offset) {
        return switch (type) {
            case LONG, UNSIGNED_LONG -> getLong(buffer, offset);
            case UNSIGNED_INT -> getInt(buffer, offset) & 0xFFFF_FFFFL;
            default -> throw mismatch(type, "getLong");
        };
    }

    /** Writes a cell whose {@link TypeCode#javaType()} is long (the raw bits for UNSIGNED_LONG). */
    static void setLongValue(TypeCode type, MappedByteBuffer buffer, int offset, long value) {
        switch (type) {
            case LONG, UNSIGNED_LONG -> setLong(buffer, offset, value);
            case UNSIGNED_INT -> setInt(buffer, offset, (int) type.unsigned(value, 0xFFFF_FFFFL));
            default -> throw mismatch(type, "setLong");
        }
    }

    /** Reads a CHAR cell: one byte as a character from U+0000 to U+00FF. */
    static char getCharValue(TypeCode type, MappedByteBuffer buffer, int offset) {
        if (type != TypeCode.CHAR) {
            throw mismatch(type, "getChar");
        }
        return (char) (getByte(buffer, offset) & 0xFF);
    }

    /** Writes a CHAR cell, refusing characters above U+00FF. */
    static void setCharValue(TypeCode type, MappedByteBuffer buffer, int offset, char value) {
        if (type != TypeCode.CHAR) {
            throw mismatch(type, "setChar");
        }
        setByte(buffer, offset, (byte) type.byteCharacter(value));
    }

    private static String wideCharacter(int codePoint) {
        if (!Character.isValidCodePoint(codePoint)) {
            throw new IllegalStateException("The shared WCHAR holds " + codePoint + ", which is not a Unicode code "
                    + "point; read it with getInt");
        }
        return new String(Character.toChars(codePoint));
    }

    /** The exception of a typed accessor that does not fit the cell's type. */
    static ClassCastException mismatch(TypeCode actual, String accessor) {
        String java = actual.javaType().getSimpleName();
        String suffix = Character.toUpperCase(java.charAt(0)) + java.substring(1);
        return new ClassCastException("The shared data holds " + actual + " ('" + actual.code() + "'), which "
                + accessor + " cannot access; use get" + suffix + "/set" + suffix + ", or get()/set(Object)");
    }

    /** The exception of a typed accessor of another primitive type than the cell's. */
    static ClassCastException mismatch(TypeCode actual, TypeCode asked) {
        return mismatch(actual, "the accessor of " + asked);
    }
}
