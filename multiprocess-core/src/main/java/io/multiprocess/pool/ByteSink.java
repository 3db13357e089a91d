package io.multiprocess.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A growable byte array with little-endian writers and matching static readers. Internal.
 *
 * <p>Variable-length integers are unsigned LEB128 (7 bits per byte, low bits first).
 */
final class ByteSink {

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] buffer;
    private int position;

    ByteSink(int initialCapacity) {
        buffer = new byte[Math.max(1, initialCapacity)];
    }

    int position() {
        return position;
    }

    /** Moves the write position back, dropping what was written after {@code newPosition}. */
    void rewind(int newPosition) {
        position = newPosition;
    }

    /** The backing array; valid up to {@link #position()} until the next write. */
    byte[] array() {
        return buffer;
    }

    /** Overwrites 4 bytes at {@code offset}, e.g. a length written before the body was known. */
    void setInt(int offset, int value) {
        INT.set(buffer, offset, value);
    }

    /** The bytes written; the buffer itself when it is exactly full, else a copy. */
    byte[] toByteArray() {
        return position == buffer.length ? buffer : Arrays.copyOf(buffer, position);
    }

    void ensure(int more) {
        long needed = (long) position + more;
        if (needed > buffer.length) {
            if (needed > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("More than 2 GiB of task data in one message");
            }
            buffer = Arrays.copyOf(buffer, (int)
                    Math.max(needed, Math.min(Integer.MAX_VALUE - 16L, buffer.length * 2L)));
        }
    }

    void putByte(int value) {
        ensure(1);
        buffer[position++] = (byte) value;
    }

    void putInt(int value) {
        ensure(4);
        INT.set(buffer, position, value);
        position += 4;
    }

    void putLong(long value) {
        ensure(8);
        LONG.set(buffer, position, value);
        position += 8;
    }

    /** How many bytes {@link #putVarInt} writes for {@code value}. */
    static int varIntSize(int value) {
        int size = 1;
        for (int v = value >>> 7; v != 0; v >>>= 7) {
            size++;
        }
        return size;
    }

    void putVarInt(int value) {
        ensure(varIntSize(value));
        int v = value;
        while ((v & ~0x7F) != 0) {
            buffer[position++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buffer[position++] = (byte) v;
    }

    void putBytes(byte[] bytes) {
        putBytes(bytes, 0, bytes.length);
    }

    void putBytes(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, position, length);
        position += length;
    }

    static int getInt(byte[] bytes, int offset) {
        return (int) INT.get(bytes, offset);
    }

    static long getLong(byte[] bytes, int offset) {
        return (long) LONG.get(bytes, offset);
    }

    /** A cursor over bytes written by a {@link ByteSink}; bounds are checked against {@code end}. */
    static final class Reader {

        final byte[] bytes;
        int position;
        final int end;

        Reader(byte[] bytes, int offset, int length) {
            this.bytes = bytes;
            this.position = offset;
            this.end = offset + length;
        }

        private void need(int n) {
            if (n < 0 || end - position < n) {
                throw new IllegalArgumentException(
                        "Truncated message: needed " + n + " more bytes, " + (end - position) + " left");
            }
        }

        int getByte() {
            need(1);
            return bytes[position++];
        }

        int getInt() {
            need(4);
            int v = ByteSink.getInt(bytes, position);
            position += 4;
            return v;
        }

        long getLong() {
            need(8);
            long v = ByteSink.getLong(bytes, position);
            position += 8;
            return v;
        }

        int getVarInt() {
            int result = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                int b = getByte();
                result |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new IllegalArgumentException("Malformed variable-length integer");
        }

        /** Skips {@code n} bytes and returns the offset where they start. */
        int skip(int n) {
            need(n);
            int at = position;
            position += n;
            return at;
        }

        int remaining() {
            return end - position;
        }
    }
}
