package io.multiprocess.pool;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The messages between a process pool and its workers, one Unix-domain socket per worker. Internal.
 *
 * <p>Every frame is a little-endian {@code int} length L (1 &lt;= L &lt;= {@value #MAX_FRAME}: the
 * type byte and the body), the type, then the body:
 * <pre>
 * worker -&gt; pool
 *   HELLO        token (32 bytes), pid (8), worker id (4)     the first frame; checked before anything
 *                                                              is deserialized
 *   READY        -                                             the initializer ran; tasks may come
 *   INIT_FAILED  the initializer's exception (serializer bytes)
 *   RESULT       task id (8), compute nanos (8), outcomes ({@link Payloads})
 *   DYING        UTF-8 reason                                  sent (if possible) before the worker halts
 *                                                              on an OutOfMemoryError
 * pool -&gt; worker
 *   TASK         task id (8), kind (1), function slot (4), definition length D (4, -1: none),
 *                D bytes of the serialized function, headers length H (4), H bytes of headers
 *                (UTF-8 key NUL value NUL ..., the task's context), items ({@link Payloads})
 *   EXIT         -                                             finish: no task is in flight
 * </pre>
 * A worker runs its tasks one at a time, in the order they arrive, and writes each result before it
 * starts the next task: so the pool always knows which task a worker was running when it died (the
 * oldest one without a result).
 */
final class Frames {

    /** The largest frame accepted in either direction. */
    static final int MAX_FRAME = 1 << 30;

    static final byte HELLO = 1;
    static final byte READY = 2;
    static final byte INIT_FAILED = 3;
    static final byte RESULT = 4;
    static final byte DYING = 5;
    /** A worker's second connection, for the pool's reclaims: the same body as {@link #HELLO}. */
    static final byte CONTROL_HELLO = 6;
    /** The tasks a worker gave back (never started, never will be): a count, then the task ids. */
    static final byte RECLAIMED = 7;

    static final byte TASK = 10;
    static final byte EXIT = 11;
    /** On the control connection: the pool asks for tasks back, a count, then the task ids. */
    static final byte RECLAIM = 12;

    static final int TOKEN_BYTES = 32;
    static final int HELLO_BODY = TOKEN_BYTES + 8 + 4;

    /** How many functions a worker keeps, by slot. */
    static final int FUNCTION_SLOTS = 16;

    private Frames() {}

    /** A message that breaks the protocol (as opposed to a connection that ended). */
    static final class ProtocolException extends IOException {

        private static final long serialVersionUID = 1L;

        ProtocolException(String message) {
            super(message);
        }
    }

    /** Writes a task's headers: their length, then key NUL value NUL... in UTF-8 (nothing for none). */
    static void putHeaders(ByteSink sink, @Nullable Map<String, String> headers) {
        if (headers == null) {
            sink.putInt(0);
            return;
        }
        StringBuilder text = new StringBuilder();
        headers.forEach(
                (key, value) -> text.append(key).append('\0').append(value).append('\0'));
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        sink.putInt(bytes.length);
        sink.putBytes(bytes);
    }

    /** Reads what {@link #putHeaders} wrote; null for none. */
    static @Nullable Map<String, String> getHeaders(ByteSink.Reader body, byte[] array) throws ProtocolException {
        int length = body.getInt();
        if (length == 0) {
            return null;
        }
        if (length < 0 || length > body.remaining()) {
            throw new ProtocolException("Corrupt pool message: headers of " + length + " bytes");
        }
        int at = body.skip(length);
        String[] parts = new String(array, at, length, StandardCharsets.UTF_8).split("\0", -1);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i + 1 < parts.length; i += 2) {
            headers.put(parts[i], parts[i + 1]);
        }
        return headers;
    }

    /** Starts a frame in {@code sink}; returns the offset to pass to {@link #end}. */
    static int begin(ByteSink sink, byte type) {
        int start = sink.position();
        sink.putInt(0);
        sink.putByte(type);
        return start;
    }

    /** Writes the frame's length. */
    static void end(ByteSink sink, int start) {
        int length = sink.position() - start - 4;
        if (length > MAX_FRAME) {
            throw new IllegalArgumentException(
                    "A pool message of " + length + " bytes exceeds the limit of " + MAX_FRAME);
        }
        sink.setInt(start, length);
    }

    /** Writes all of {@code sink} to the channel and empties it. */
    static void flush(ByteSink sink, WritableByteChannel channel) throws IOException {
        writeFully(channel, ByteBuffer.wrap(sink.array(), 0, sink.position()));
        sink.rewind(0);
    }

    static void writeFully(WritableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /**
     * Reads frames from a blocking channel into a heap buffer. A frame's body is available as
     * {@link #array}[{@link #bodyOffset}, +{@link #bodyLength}) until the next call to {@link #next()}.
     */
    static final class Reader {

        private static final int INITIAL = 1 << 16;
        private static final int SHRINK_ABOVE = 1 << 20;

        private final ReadableByteChannel channel;
        private ByteBuffer buffer;

        byte type;
        byte[] array;
        int bodyOffset;
        int bodyLength;

        Reader(ReadableByteChannel channel) {
            this.channel = channel;
            this.buffer = ByteBuffer.allocate(INITIAL).order(ByteOrder.LITTLE_ENDIAN);
            this.buffer.flip();
        }

        /**
         * Reads the next frame, blocking until it is complete.
         *
         * @return false at the end of the stream, between frames
         * @throws EOFException if the stream ends inside a frame
         * @throws IOException if reading fails or a length is out of range
         */
        boolean next() throws IOException {
            if (buffer.capacity() > SHRINK_ABOVE && buffer.remaining() < INITIAL) {
                ByteBuffer small = ByteBuffer.allocate(INITIAL).order(ByteOrder.LITTLE_ENDIAN);
                small.put(buffer);
                small.flip();
                buffer = small;
            }
            while (true) {
                if (buffer.remaining() >= 4) {
                    int position = buffer.position();
                    int length = buffer.getInt(position);
                    if (length < 1 || length > MAX_FRAME) {
                        throw new ProtocolException("Corrupt pool message: frame length " + length);
                    }
                    if (buffer.remaining() - 4 >= length) {
                        type = buffer.get(position + 4);
                        array = buffer.array();
                        bodyOffset = buffer.arrayOffset() + position + 5;
                        bodyLength = length - 1;
                        buffer.position(position + 4 + length);
                        return true;
                    }
                    if (4 + length > buffer.capacity()) {
                        ByteBuffer larger = ByteBuffer.allocate(
                                        Math.max(4 + length, Math.min(MAX_FRAME + 4, buffer.capacity() * 2)))
                                .order(ByteOrder.LITTLE_ENDIAN);
                        larger.put(buffer);
                        larger.flip();
                        buffer = larger;
                    }
                }
                buffer.compact();
                int read;
                try {
                    read = channel.read(buffer);
                } finally {
                    buffer.flip();
                }
                if (read < 0) {
                    if (buffer.hasRemaining()) {
                        throw new EOFException("The peer closed its socket in the middle of a message");
                    }
                    return false;
                }
            }
        }

        /** Whether a complete frame is already buffered, so that {@link #next()} would not block. */
        boolean hasBufferedFrame() {
            if (buffer.remaining() < 4) {
                return false;
            }
            int length = buffer.getInt(buffer.position());
            return length >= 1 && buffer.remaining() - 4 >= length;
        }
    }
}
