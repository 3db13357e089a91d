package io.multiprocess.managers;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that builds one protocol frame: varints, strings and raw bytes. Reused by
 * its owner (one per connection), so that a call allocates nothing for its header.
 */
final class FrameWriter {

    private byte[] bytes = new byte[256];
    private int position;

    FrameWriter reset() {
        position = 0;
        if (bytes.length > 1 << 20) {
            bytes = new byte[256];
        }
        return this;
    }

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return position;
    }

    FrameWriter writeByte(int value) {
        ensure(1);
        bytes[position++] = (byte) value;
        return this;
    }

    /** An unsigned variable-length long: 7 bits a byte, low bits first. */
    FrameWriter writeVarLong(long value) {
        ensure(10);
        long v = value;
        while ((v & ~0x7FL) != 0) {
            bytes[position++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[position++] = (byte) v;
        return this;
    }

    /** A signed long, zigzag-encoded so that small negative numbers stay short. */
    FrameWriter writeZigZag(long value) {
        return writeVarLong((value << 1) ^ (value >> 63));
    }

    FrameWriter writeLong(long value) {
        ensure(8);
        for (int i = 7; i >= 0; i--) {
            bytes[position++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    FrameWriter writeString(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeVarLong(utf8.length);
        return writeBytes(utf8, 0, utf8.length);
    }

    FrameWriter writeBytes(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, position, length);
        position += length;
        return this;
    }

    private void ensure(int more) {
        if (position + more > bytes.length) {
            long wanted = Math.max((long) bytes.length * 2, (long) position + more);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("A manager message would exceed 2 GiB");
            }
            bytes = Arrays.copyOf(bytes, (int) wanted);
        }
    }
}
