package io.multiprocess.managers.transport;

import java.nio.charset.StandardCharsets;

/**
 * Reads what a {@link FrameWriter} wrote. A frame that ends early or holds an impossible length raises
 * {@link MalformedFrameException}: frames come only from authenticated peers, so that means a bug or
 * a version mismatch, never something to guess around.
 */
public final class FrameReader {

    private final byte[] bytes;
    private int position;

    /**
     * Reads a frame from its start.
     *
     * @param bytes the frame
     */
    public FrameReader(byte[] bytes) {
        this.bytes = bytes;
    }

    int position() {
        return position;
    }

    /**
     * The whole frame.
     *
     * @return the frame's bytes (not a copy)
     */
    public byte[] bytes() {
        return bytes;
    }

    /**
     * The bytes not read yet.
     *
     * @return their count
     */
    public int remaining() {
        return bytes.length - position;
    }

    /**
     * Reads a byte.
     *
     * @return its unsigned value
     */
    public int readByte() {
        need(1);
        return bytes[position++] & 0xFF;
    }

    /**
     * Reads what {@link FrameWriter#writeVarLong} wrote.
     *
     * @return the number
     */
    public long readVarLong() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new MalformedFrameException("a variable-length number longer than 10 bytes");
    }

    /**
     * Reads a count or an index: a var-long between 0 and {@link Integer#MAX_VALUE}.
     *
     * @return the number
     */
    public int readVarInt() {
        long value = readVarLong();
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new MalformedFrameException("a count of " + value);
        }
        return (int) value;
    }

    /**
     * Reads what {@link FrameWriter#writeZigZag} wrote.
     *
     * @return the number
     */
    long readZigZag() {
        long raw = readVarLong();
        return (raw >>> 1) ^ -(raw & 1);
    }

    /**
     * Reads what {@link FrameWriter#writeLong} wrote.
     *
     * @return the number
     */
    public long readLong() {
        need(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[position++] & 0xFF);
        }
        return value;
    }

    /**
     * Reads what {@link FrameWriter#writeString} wrote.
     *
     * @return the string
     */
    public String readString() {
        int length = readVarInt();
        need(length);
        String value = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return value;
    }

    /** Skips {@code length} bytes and returns where they start. */
    int skip(int length) {
        need(length);
        int start = position;
        position += length;
        return start;
    }

    private void need(int count) {
        if (count < 0 || position + count > bytes.length) {
            throw new MalformedFrameException(
                    "the frame ends after " + bytes.length + " bytes, " + count + " more were expected at " + position);
        }
    }

    /** A frame that does not follow the protocol. */
    public static final class MalformedFrameException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param what what the frame holds that it should not
         */
        public MalformedFrameException(String what) {
            super("Malformed manager message: " + what);
        }
    }
}
