package io.multiprocess.connection;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.multiprocess.InterruptedOperationException;
import io.multiprocess.MultiprocessException;
import io.multiprocess.ProcessStateException;
import io.multiprocess.internal.posix.NativeSocket;
import io.multiprocess.internal.posix.Sockets;
import io.multiprocess.process.DefaultSettings;
import io.multiprocess.serialization.DeserializationPolicy;
import io.multiprocess.serialization.Serializer;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * One end of a connection between two processes: a {@link Pipe} end, or what a {@link Listener}
 * accepted or {@link Client} opened. Python's {@code multiprocessing.connection.Connection}.
 *
 * <p>Messages are frames: a 4-byte big-endian length, then the bytes. {@link #send(Object)} and
 * {@link #recv()} carry serialized objects (with the context's serializer); {@link #sendBytes} and
 * {@link #recvBytes} carry raw bytes. A frame longer than {@link #maxFrameSize()} or with a negative
 * length is refused before anything is allocated ({@link FrameException}, and the connection closes).
 * Sockets (what a {@link Listener} accepts, what a {@link Client} opens) read a message into a buffer
 * that starts at 64 KiB and doubles with the bytes that actually arrive, up to the announced length, so a
 * peer that announces a large frame and sends little makes this process hold only what it sent; the
 * connections a listener accepted also share its {@link ReceiveBudget}. Pipes between our own processes
 * allocate the announced length at once.
 *
 * <p>Blocking: {@code recv} waits for a message; {@link #poll(Duration)} waits with a timeout. When
 * the other end is closed (or its process ended), {@code recv} raises {@link EofException} at once,
 * never hangs, and a half-received frame is reported with how much of it arrived. {@code send} waits
 * while the peer's buffer is full, and raises {@link EofException} when the peer is gone. Blocked calls
 * raise {@link InterruptedOperationException} when the thread is interrupted.
 *
 * <p>Threads: one thread may send while another receives; concurrent senders (or receivers) are
 * serialized. Closing while another thread is blocked on the connection makes that thread fail.
 *
 * <p>A connection can be sent to another process (as a process argument, inside a task, through a
 * queue or another connection): it travels as a ticket that, when read on the other side, fetches a
 * copy of the descriptor from this process's resource sharer ({@code SCM_RIGHTS}, authenticated with
 * a one-time key carried by the ticket). Each serialized copy can be read once, while this process
 * lives. Both processes then hold the connection; close the copy you no longer use (as in Python).
 */
public final class Connection implements AutoCloseable, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The default largest frame: 1 GiB for pipes between our own processes. */
    public static final int DEFAULT_PIPE_MAX_FRAME = 1 << 30;

    private static final int BUFFER = 64 * 1024;
    /** The buffer a message starts in when it is read as it arrives (not eagerly). */
    private static final int FIRST_BUFFER = 64 * 1024;

    private static final long SPIN_NANOS = 50_000;
    private static final ConcurrentHashMap<String, Serializer> SERIALIZERS = new ConcurrentHashMap<>();

    private final transient NativeSocket socket;
    private final transient boolean readable;
    private final transient boolean writable;
    private final transient int maxFrameSize;
    private final transient long stallNanos;
    private final transient String serializerClass;
    private final transient @Nullable ReceiveBudget budget;
    private final transient boolean eager;
    private transient volatile @Nullable Serializer serializer;
    private transient volatile DeserializationPolicy policy = DeserializationPolicy.trustAll();
    private final transient ReentrantLock readLock = new ReentrantLock();
    private final transient ReentrantLock writeLock = new ReentrantLock();
    private transient @Nullable ByteBuffer readBuffer;
    private transient long readAddress;
    private transient @Nullable ByteBuffer writeBuffer;
    private transient long writeAddress;

    Connection(
            NativeSocket socket,
            boolean readable,
            boolean writable,
            int maxFrameSize,
            @Nullable Duration frameStall,
            Serializer serializer) {
        this(socket, readable, writable, maxFrameSize, frameStall, serializer, null, false);
    }

    /**
     * A connection whose incoming messages are charged to {@code budget} (null for none) and, unless
     * {@code eager} (pipes between our own processes), read into a buffer that grows with the bytes
     * that arrive rather than one of the announced length.
     */
    Connection(
            NativeSocket socket,
            boolean readable,
            boolean writable,
            int maxFrameSize,
            @Nullable Duration frameStall,
            Serializer serializer,
            @Nullable ReceiveBudget budget,
            boolean eager) {
        this(
                socket,
                readable,
                writable,
                maxFrameSize,
                frameStall,
                serializer.getClass().getName(),
                budget,
                eager);
        this.serializer = serializer;
    }

    Connection(
            NativeSocket socket,
            boolean readable,
            boolean writable,
            int maxFrameSize,
            @Nullable Duration frameStall,
            String serializerClass) {
        this(socket, readable, writable, maxFrameSize, frameStall, serializerClass, null, false);
    }

    private Connection(
            NativeSocket socket,
            boolean readable,
            boolean writable,
            int maxFrameSize,
            @Nullable Duration frameStall,
            String serializerClass,
            @Nullable ReceiveBudget budget,
            boolean eager) {
        if (maxFrameSize < 1) {
            throw new IllegalArgumentException("The maximum frame size must be positive, not " + maxFrameSize);
        }
        this.socket = socket;
        this.readable = readable;
        this.writable = writable;
        this.maxFrameSize = maxFrameSize;
        this.stallNanos = frameStall == null ? Long.MAX_VALUE : frameStall.toNanos();
        this.serializerClass = serializerClass;
        this.budget = budget;
        this.eager = eager;
    }

    // ---------------------------------------------------------------- objects

    /**
     * Serializes an object and sends it as one message. Python's {@code send(obj)}.
     *
     * @param value the object, may be null
     * @throws io.multiprocess.SerializationException if it cannot be serialized (nothing is sent)
     * @throws EofException if the other end is closed
     * @throws ProcessStateException if this end is closed or not writable
     * @throws InterruptedOperationException if interrupted while the peer's buffer is full (the
     *     connection is then closed, since a partly sent frame would corrupt the stream)
     */
    public void send(@Nullable Object value) {
        byte[] bytes = serializer().serialize(value);
        sendBytes(bytes, 0, bytes.length);
    }

    /**
     * Receives one message and deserializes it. Python's {@code recv()}.
     *
     * @return the object, or null if null was sent
     * @throws EofException if the other end closed before (or while) sending a message
     * @throws FrameException if the peer sent a bad frame (the connection is closed)
     * @throws io.multiprocess.SerializationException if the bytes are not a serialized object
     * @throws io.multiprocess.serialization.DeserializationRefusedException if they name a class this
     *     connection's {@link #deserializationPolicy() policy} refuses (the connection stays usable)
     * @throws ProcessStateException if this end is closed or not readable
     * @throws InterruptedOperationException if interrupted while waiting
     */
    public @Nullable Object recv() {
        byte[] bytes = recvBytes();
        return serializer().deserialize(bytes, 0, bytes.length, policy);
    }

    /**
     * {@link #recv()} cast to the caller's type.
     *
     * @param <T> the expected type
     * @return the object, or null if null was sent
     * @throws ClassCastException if the message is of another type
     */
    @SuppressWarnings("unchecked")
    public <T> @Nullable T receive() {
        return (T) recv();
    }

    // ---------------------------------------------------------------- bytes

    /**
     * Sends bytes as one message. Python's {@code send_bytes(buf)}.
     *
     * @param buffer the bytes
     * @throws EofException if the other end is closed
     * @throws ProcessStateException if this end is closed or not writable
     */
    public void sendBytes(byte[] buffer) {
        sendBytes(buffer, 0, buffer.length);
    }

    /**
     * Sends {@code buffer[offset..]} as one message. Python's {@code send_bytes(buf, offset)}.
     *
     * @param buffer the bytes
     * @param offset where the message starts
     * @throws IndexOutOfBoundsException if offset is outside the buffer
     */
    public void sendBytes(byte[] buffer, int offset) {
        sendBytes(buffer, offset, buffer.length - offset);
    }

    /**
     * Sends {@code size} bytes of {@code buffer} from {@code offset} as one message. Python's
     * {@code send_bytes(buf, offset, size)}.
     *
     * @param buffer the bytes
     * @param offset where the message starts
     * @param size   its length
     * @throws IndexOutOfBoundsException if the range is outside the buffer
     * @throws IllegalArgumentException if {@code size} exceeds {@link #maxFrameSize()}
     * @throws EofException if the other end is closed
     * @throws ProcessStateException if this end is closed or not writable
     * @throws InterruptedOperationException if interrupted while the peer's buffer is full (the
     *     connection is closed then)
     */
    public void sendBytes(byte[] buffer, int offset, int size) {
        Objects.checkFromIndexSize(offset, size, buffer.length);
        checkOpen();
        if (!writable) {
            throw new ProcessStateException("This connection is read-only (the receiving end of a one-way pipe)");
        }
        if (size > maxFrameSize) {
            throw new IllegalArgumentException(
                    "A message of " + size + " bytes exceeds this connection's maximum frame size of " + maxFrameSize
                            + " bytes; raise it or split the message");
        }
        writeLock.lock();
        try {
            if (writeBuffer == null) {
                writeBuffer = ByteBuffer.allocateDirect(BUFFER);
                writeAddress = Pointer.nativeValue(Native.getDirectBufferPointer(writeBuffer));
            }
            writeBuffer.putInt(0, size);
            int first = Math.min(size, BUFFER - 4);
            writeBuffer.put(4, buffer, offset, first);
            flush(4 + first);
            int done = first;
            while (done < size) {
                int chunk = Math.min(size - done, BUFFER);
                writeBuffer.put(0, buffer, offset + done, chunk);
                flush(chunk);
                done += chunk;
            }
        } catch (IOException e) {
            throw new EofException("Cannot send on " + this + ": the other end is closed (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            closeQuietly();
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("room to send on " + this + " (the connection was closed)", e);
        } finally {
            writeLock.unlock();
        }
    }

    private void flush(int length) throws IOException, InterruptedException {
        long sent = 0;
        while (sent < length) {
            long now = socket.sendNow(writeAddress + sent, length - sent);
            if (now == 0) {
                socket.awaitReady(Sockets.POLLOUT, Long.MAX_VALUE);
            }
            sent += now;
        }
    }

    /**
     * Receives one message as bytes. Python's {@code recv_bytes()}.
     *
     * @return the message
     * @throws EofException if the other end closed
     * @throws FrameException if the peer sent a bad frame (the connection is closed)
     */
    public byte[] recvBytes() {
        return recvBytes(maxFrameSize);
    }

    /**
     * Receives one message of at most {@code maxLength} bytes. Python's {@code recv_bytes(maxlength)}.
     *
     * @param maxLength the longest message accepted
     * @return the message
     * @throws FrameException if the message is longer (the connection is closed, as in Python, since the
     *     stream is then out of step)
     * @throws EofException if the other end closed
     */
    public byte[] recvBytes(int maxLength) {
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must not be negative: " + maxLength);
        }
        return readFrame(Math.min(maxLength, maxFrameSize), Long.MAX_VALUE);
    }

    /**
     * Receives one message if the whole of it arrives within {@code timeout}. Unlike {@link #poll(Duration)}
     * followed by {@link #recvBytes()}, the timeout bounds the entire message, not only the wait for its
     * first byte, and no other receiver of this connection can take the message in between (concurrent
     * receivers wait their turn within the same timeout).
     *
     * @param timeout how long the whole message may take; zero or negative takes only a message that is
     *                there already; null waits for ever
     * @return the message, or empty if none began to arrive in time (nothing was consumed: the
     *     connection stays usable)
     * @throws FrameException if a message began to arrive but was not complete when the timeout passed,
     *     or is longer than {@link #maxFrameSize()} (the connection is closed: the stream is out of step)
     * @throws EofException if the other end closed
     * @throws ProcessStateException if this end is closed or not readable
     * @throws InterruptedOperationException if interrupted (the connection is closed if a message had
     *     begun to arrive)
     */
    public Optional<byte[]> recvBytes(@Nullable Duration timeout) {
        checkReadable();
        long deadlineNanos = deadline(timeout);
        try {
            if (deadlineNanos == Long.MAX_VALUE) {
                readLock.lockInterruptibly();
            } else if (!readLock.tryLock(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("a message on " + this, e);
        }
        try {
            // Holding the read lock: the message whose first byte this sees is the one read below.
            if (!socket.awaitReady(Sockets.POLLIN, deadlineNanos)) {
                return Optional.empty();
            }
            return Optional.of(readFrame(maxFrameSize, deadlineNanos));
        } catch (IOException e) {
            throw new ProcessStateException("Connection " + this + " is closed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("a message on " + this, e);
        } finally {
            readLock.unlock();
        }
    }

    /**
     * Receives one message into {@code buffer} from {@code offset}. Python's {@code recv_bytes_into}.
     *
     * @param buffer where the message goes
     * @param offset where in the buffer
     * @return the message length
     * @throws BufferTooShortException if it does not fit; the exception carries the whole message
     * @throws EofException if the other end closed
     */
    public int recvBytesInto(byte[] buffer, int offset) {
        Objects.checkIndex(offset, buffer.length + 1);
        byte[] message = recvBytes();
        if (message.length > buffer.length - offset) {
            throw new BufferTooShortException(message, buffer.length - offset);
        }
        System.arraycopy(message, 0, buffer, offset, message.length);
        return message.length;
    }

    /**
     * {@link #recvBytesInto(byte[], int)} at offset 0.
     *
     * @param buffer where the message goes
     * @return the message length
     */
    public int recvBytesInto(byte[] buffer) {
        return recvBytesInto(buffer, 0);
    }

    /**
     * Whether a message (or the end of the stream) can be received without waiting. Python's {@code poll()}.
     *
     * @return true if {@code recv} would not block
     */
    public boolean poll() {
        return poll(Duration.ZERO);
    }

    /**
     * Waits until a message (or the end of the stream) can be received. Python's {@code poll(timeout)}.
     *
     * @param timeout how long to wait; null waits for ever
     * @return true if ready, false on timeout
     * @throws ProcessStateException if this end is closed or not readable
     * @throws InterruptedOperationException if interrupted
     */
    public boolean poll(@Nullable Duration timeout) {
        checkReadable();
        try {
            return socket.awaitReady(Sockets.POLLIN, deadline(timeout));
        } catch (IOException e) {
            throw new ProcessStateException("Connection " + this + " is closed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("a message on " + this, e);
        }
    }

    static long deadline(@Nullable Duration timeout) {
        if (timeout == null) {
            return Long.MAX_VALUE;
        }
        long nanos = Math.max(0, timeout.toNanos());
        long deadline = System.nanoTime() + nanos;
        return nanos > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : deadline;
    }

    /** Reads one frame of at most {@code limit} bytes; the whole frame must arrive before the deadline. */
    byte[] readFrame(int limit, long deadlineNanos) {
        checkReadable();
        readLock.lock();
        try {
            if (readBuffer == null) {
                readBuffer = ByteBuffer.allocateDirect(BUFFER);
                readAddress = Pointer.nativeValue(Native.getDirectBufferPointer(readBuffer));
            }
            readFully(4, 0, deadlineNanos, true, 0);
            int length = readBuffer.getInt(0);
            if (length < 0 || length > limit) {
                closeQuietly();
                throw new FrameException("Refused a frame of " + Integer.toUnsignedString(length) + " bytes on " + this
                        + ": the limit is " + limit + " bytes ("
                        + (limit == maxFrameSize ? "the connection's maximum frame size" : "the maxLength asked for")
                        + "); the connection was closed");
            }
            // Unless eager, the message buffer grows (doubling) with the bytes that arrived, so a peer pays for
            // the memory it makes us hold; growth beyond the free part is charged to the shared budget.
            byte[] message = new byte[eager ? length : Math.min(length, FIRST_BUFFER)];
            int done = 0;
            try {
                while (done < length) {
                    if (done == message.length) {
                        message = grow(message, length, deadlineNanos);
                    }
                    int chunk = Math.min(message.length - done, BUFFER);
                    readFully(chunk, 4 + done, deadlineNanos, false, length);
                    readBuffer.get(0, message, done, chunk);
                    done += chunk;
                }
            } finally {
                if (budget != null) {
                    budget.release(ReceiveBudget.charge(message.length));
                }
            }
            return message;
        } catch (IOException e) {
            closeQuietly();
            throw new EofException("Connection " + this + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            closeQuietly();
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException(
                    "a message on " + this + " (the connection was closed, since a frame " + "may have been cut)", e);
        } finally {
            readLock.unlock();
        }
    }

    /**
     * A buffer twice as large (at most {@code length}) holding what {@code message} holds, charged to the
     * budget before it is allocated; the old buffer's charge is released once copied.
     */
    private byte[] grow(byte[] message, int length, long deadlineNanos) throws InterruptedException {
        int size = (int) Math.min(length, 2L * message.length);
        if (budget != null) {
            long charge = ReceiveBudget.charge(size);
            long wait = stallNanos == Long.MAX_VALUE
                    ? deadlineNanos
                    : Math.min(deadlineNanos, System.nanoTime() + stallNanos);
            if (!budget.reserve(charge, wait)) {
                closeQuietly(); // the caller releases the current buffer's charge
                throw new FrameException(
                        "A message of " + length + " bytes on " + this + " needs " + charge + " bytes of the "
                                + "shared receive budget (" + budget.capacity()
                                + " bytes), which other connections' incomplete messages "
                                + "hold; the connection was closed. Raise the listener's receive budget, or send smaller messages");
            }
        }
        byte[] larger = Arrays.copyOf(message, size);
        if (budget != null) {
            budget.release(ReceiveBudget.charge(message.length));
        }
        return larger;
    }

    /**
     * Reads exactly {@code count} bytes into the start of the read buffer. {@code frameOffset} is how many
     * bytes of the frame (header included) came before, for messages; {@code startOfFrame} allows a
     * short spin and an unbounded wait for the first byte.
     */
    private void readFully(int count, long frameOffset, long deadlineNanos, boolean startOfFrame, int frameLength)
            throws IOException, InterruptedException {
        int got = 0;
        long spinUntil = startOfFrame ? System.nanoTime() + SPIN_NANOS : 0;
        long stallDeadline = Long.MAX_VALUE;
        while (got < count) {
            long n = socket.receiveNow(readAddress + got, count - got);
            if (n > 0) {
                got += (int) n;
                stallDeadline = Long.MAX_VALUE;
                continue;
            }
            if (n < 0) {
                long total = frameOffset + got;
                if (total == 0) {
                    closeQuietly();
                    throw new EofException("The other end of " + this + " is closed (end of stream)");
                }
                closeQuietly();
                throw new EofException("The other end of " + this + " closed in the middle of a frame: "
                        + (total < 4
                                ? total + " of the 4 length bytes arrived"
                                : (total - 4) + " of " + frameLength + " message bytes arrived")
                        + "; the connection was closed");
            }
            boolean midFrame = frameOffset + got > 0;
            if (!midFrame && spinUntil != 0 && System.nanoTime() - spinUntil < 0) {
                // Yield rather than burn: on a busy machine the peer may need this very core to answer.
                Thread.yield();
                continue;
            }
            long wait = deadlineNanos;
            if (midFrame && stallNanos != Long.MAX_VALUE) {
                if (stallDeadline == Long.MAX_VALUE) {
                    stallDeadline = System.nanoTime() + stallNanos;
                }
                wait = Math.min(wait, stallDeadline);
            }
            if (!socket.awaitReady(Sockets.POLLIN, wait)) {
                closeQuietly();
                if (wait == stallDeadline) {
                    throw new FrameException("A frame on " + this + " stalled for " + Duration.ofNanos(stallNanos)
                            + " after " + (frameOffset + got) + " bytes; the connection was closed");
                }
                throw new FrameException("No complete frame arrived on " + this + " in time (" + (frameOffset + got)
                        + " bytes arrived); the connection was closed");
            }
        }
    }

    // ---------------------------------------------------------------- state

    /**
     * Closes this end. The other end then receives {@link EofException} once it has read what was sent.
     * Closing twice does nothing. Python's {@code close()}.
     */
    @Override
    public void close() {
        socket.close();
    }

    void closeQuietly() {
        close();
    }

    /**
     * Whether {@link #close()} was called (or the connection was closed after a failure).
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return socket.isClosed();
    }

    /**
     * Whether this end can receive. Python's {@code readable}.
     *
     * @return false for the sending end of a one-way pipe
     */
    public boolean isReadable() {
        return readable;
    }

    /**
     * Whether this end can send. Python's {@code writable}.
     *
     * @return false for the receiving end of a one-way pipe
     */
    public boolean isWritable() {
        return writable;
    }

    /**
     * The largest frame this end sends or accepts.
     *
     * @return bytes
     */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    /**
     * The file descriptor of this end. Python's {@code fileno()}.
     *
     * @return the descriptor
     * @throws ProcessStateException if closed
     */
    public int fileno() {
        checkOpen();
        return socket.fd();
    }

    NativeSocket socket() {
        return socket;
    }

    /**
     * What messages received by {@link #recv()} may make this process instantiate: the
     * {@link Listener}'s or {@link Client}'s policy, resolved for its address; trusting for pipes.
     *
     * @return the policy, enforced or not
     */
    public DeserializationPolicy deserializationPolicy() {
        return policy;
    }

    void setDeserializationPolicy(DeserializationPolicy resolved) {
        this.policy = resolved;
    }

    Serializer serializer() {
        Serializer current = serializer;
        if (current == null) {
            Serializer contextual = DefaultSettings.get().serializer();
            current = contextual.getClass().getName().equals(serializerClass)
                    ? contextual
                    : SERIALIZERS.computeIfAbsent(serializerClass, Serializer::forClassName);
            serializer = current;
        }
        return current;
    }

    private void checkOpen() {
        if (socket.isClosed()) {
            throw new ProcessStateException("Connection " + this + " is closed");
        }
    }

    private void checkReadable() {
        checkOpen();
        if (!readable) {
            throw new ProcessStateException("This connection is write-only (the sending end of a one-way pipe)");
        }
    }

    @Override
    public String toString() {
        int fd = socket.fd();
        return "Connection[" + (fd < 0 ? "closed" : "fd=" + fd)
                + (readable && writable ? ", duplex" : readable ? ", read-only" : ", write-only") + "]";
    }

    // ---------------------------------------------------------------- travel

    @Serial
    private Object writeReplace() {
        checkOpen();
        // One redemption per serialization: a duplicate left with the sharer would keep the socket open, and
        // the peer would never see end-of-stream.
        return new ConnectionTicket(
                ResourceSharer.shareOnce(socket.fd()).ticket(),
                readable,
                writable,
                maxFrameSize,
                stallNanos == Long.MAX_VALUE ? -1 : stallNanos,
                serializerClass,
                eager,
                policy);
    }

    /** What a connection travels as: a one-time ticket for its descriptor, and its settings. */
    record ConnectionTicket(
            ResourceSharer.Ticket ticket,
            boolean readable,
            boolean writable,
            int maxFrameSize,
            long stallNanos,
            String serializerClass,
            boolean eager,
            DeserializationPolicy policy)
            implements Serializable {

        @Serial
        private Object readResolve() {
            int fd = ticket.redeem();
            int family;
            try {
                family = NativeSocket.familyOf(fd);
            } catch (IOException e) {
                Sockets.close(fd);
                throw new MultiprocessException(
                        "The descriptor received for a connection is unusable: " + e.getMessage(), e);
            }
            Connection connection = new Connection(
                    new NativeSocket(fd, family),
                    readable,
                    writable,
                    maxFrameSize,
                    stallNanos < 0 ? null : Duration.ofNanos(stallNanos),
                    serializerClass,
                    null,
                    eager);
            connection.setDeserializationPolicy(policy);
            return connection;
        }
    }
}
