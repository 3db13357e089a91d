package io.multiprocess.managers;

import java.nio.charset.StandardCharsets;

/**
 * Reads what a {@link FrameWriter} wrote. A frame that ends early or holds an impossible length raises
 * {@link MalformedFrameException}: frames come only from authenticated peers, so that means a bug or
 * a version mismatch, never something to guess around.
 */
final class FrameReader {

    private final byte[] bytes;
    private int position;

    FrameReader(byte[] bytes) {
        this.bytes = bytes;
    }

    int position() {
        return position;
    }

    byte[] bytes() {
        return bytes;
    }

    int remaining() {
        return bytes.length - position;
    }

    int readByte() {
        need(1);
        return bytes[position++] & 0xFF;
    }

    long readVarLong() {
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

    int readVarInt() {
        long value = readVarLong();
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new MalformedFrameException("a count of " + value);
        }
        return (int) value;
    }

    long readZigZag() {
        long raw = readVarLong();
        return (raw >>> 1) ^ -(raw & 1);
    }

    long readLong() {
        need(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[position++] & 0xFF);
        }
        return value;
    }

    String readString() {
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
            throw new MalformedFrameException("the frame ends after " + bytes.length + " bytes, " + count
                + " more were expected at " + position);
        }
    }

    /** A frame that does not follow the protocol. */
    static final class MalformedFrameException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        MalformedFrameException(String what) {
            super("Malformed manager message: " + what);
        }
    }
}
