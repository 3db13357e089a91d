package io.multiprocess.managers.transport;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that builds one protocol frame: varints, strings and raw bytes. Reused by
 * its owner (one per connection), so that a call allocates nothing for its header.
 */
public final class FrameWriter {

    private byte[] bytes = new byte[256];
    private int position;

    /**
     * Empties the buffer for the next frame (and shrinks it if a large frame grew it).
     *
     * @return this writer
     */
    public FrameWriter reset() {
        position = 0;
        if (bytes.length > 1 << 20) {
            bytes = new byte[256];
        }
        return this;
    }

    /**
     * The buffer, the frame at its start.
     *
     * @return the buffer (not a copy)
     */
    public byte[] bytes() {
        return bytes;
    }

    /**
     * The frame's length so far.
     *
     * @return the number of bytes written since the last {@link #reset}
     */
    public int length() {
        return position;
    }

    /**
     * Writes a byte.
     *
     * @param value the byte, in its low 8 bits
     * @return this writer
     */
    public FrameWriter writeByte(int value) {
        ensure(1);
        bytes[position++] = (byte) value;
        return this;
    }

    /**
     * Writes an unsigned variable-length long: 7 bits a byte, low bits first.
     *
     * @param value the number
     * @return this writer
     */
    public FrameWriter writeVarLong(long value) {
        ensure(10);
        long v = value;
        while ((v & ~0x7FL) != 0) {
            bytes[position++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[position++] = (byte) v;
        return this;
    }

    /**
     * Writes a signed long, zigzag-encoded so that small negative numbers stay short.
     *
     * @param value the number
     * @return this writer
     */
    FrameWriter writeZigZag(long value) {
        return writeVarLong((value << 1) ^ (value >> 63));
    }

    /**
     * Writes a long as 8 bytes, high byte first.
     *
     * @param value the number
     * @return this writer
     */
    public FrameWriter writeLong(long value) {
        ensure(8);
        for (int i = 7; i >= 0; i--) {
            bytes[position++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    /**
     * Writes a string as its UTF-8 length, then its UTF-8 bytes.
     *
     * @param value the string
     * @return this writer
     */
    public FrameWriter writeString(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeVarLong(utf8.length);
        return writeBytes(utf8, 0, utf8.length);
    }

    /**
     * Writes raw bytes.
     *
     * @param source the bytes
     * @param offset where they start in {@code source}
     * @param length how many
     * @return this writer
     */
    public FrameWriter writeBytes(byte[] source, int offset, int length) {
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
