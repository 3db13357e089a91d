package io.multiprocess.managers.transport;

import io.multiprocess.InterruptedOperationException;
import io.multiprocess.connection.Connection;
import io.multiprocess.connection.EofException;
import io.multiprocess.connection.Handles;
import io.multiprocess.internal.ipc.MemoryFile;
import io.multiprocess.internal.ipc.MessageRing;
import io.multiprocess.internal.posix.Sockets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Transport} for a client on the server's machine: the frames of a call connection travel
 * through two rings in anonymous shared memory (one each way, {@link MessageRing}), which a waiting
 * side reads after a short spin and otherwise sleeps on with a futex, instead of through the socket: a
 * round trip takes a few microseconds rather than tens. The Unix-domain connection stays open beside
 * them, as the link whose end tells either side that the other went away: waits on a ring are sliced
 * ({@value #SLICE_MILLIS} ms), and between slices the socket is checked.
 *
 * <p>Set-up, right after the greeting: the client creates the two rings (memfd), sends their descriptors
 * over the socket ({@code SCM_RIGHTS}), and both sides map them. Nothing can be left behind: memfd
 * memory is freed when the last mapping goes, even after SIGKILL. The mappings are left to the garbage
 * collector, so that closing from another thread never unmaps memory a thread still reads.
 */
public final class RingTransport implements Transport {

    /** Each ring's capacity: messages up to half of it are written whole, larger ones in chunks. */
    static final int CAPACITY = 64 * 1024;

    private static final long SLICE_MILLIS = 100;
    private static final long WRITE_SLICE_NANOS = 1_000_000_000L;

    private final ConnectionTransport control;
    private final MessageRing in;
    private final MessageRing out;
    private volatile boolean closed;

    private RingTransport(ConnectionTransport control, MessageRing in, MessageRing out) {
        this.control = control;
        this.in = in;
        this.out = out;
    }

    /**
     * Client side: creates the rings and sends them over the connection.
     *
     * @param control the connection the rings go over, which stays open beside them
     * @return the transport over the rings
     */
    public static RingTransport offer(ConnectionTransport control) {
        Connection connection = control.connection();
        MessageRing[] rings = new MessageRing[2];
        int[] fds = {-1, -1};
        try {
            for (int i = 0; i < 2; i++) {
                fds[i] = MemoryFile.create("multiprocess-manager-ring", MessageRing.segmentSize(CAPACITY));
                rings[i] = MessageRing.create(
                        MemoryFile.map(fds[i], "multiprocess-manager-ring", true), CAPACITY, 0, false);
            }
            Handles.sendHandle(connection, fds[0]);
            Handles.sendHandle(connection, fds[1]);
        } finally {
            Arrays.stream(fds).filter(fd -> fd >= 0).forEach(Sockets::close);
        }
        return new RingTransport(control, rings[1], rings[0]);
    }

    /**
     * Server side: receives the client's rings.
     *
     * @param control the connection the rings come over, which stays open beside them
     * @return the transport over the rings
     */
    public static RingTransport accept(ConnectionTransport control) {
        Connection connection = control.connection();
        int requests = Handles.recvHandle(connection);
        int replies = -1;
        try {
            replies = Handles.recvHandle(connection);
            return new RingTransport(
                    control,
                    new MessageRing(MemoryFile.map(requests, "multiprocess-manager-ring", false)),
                    new MessageRing(MemoryFile.map(replies, "multiprocess-manager-ring", false)));
        } finally {
            Sockets.close(requests);
            if (replies >= 0) {
                Sockets.close(replies);
            }
        }
    }

    @Override
    public void send(byte[] bytes, int length) {
        checkOpen(); // a reply of a call that the closing woke up must not reach the ring
        byte[] message = length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
        try {
            while (!out.write(message, System.nanoTime() + WRITE_SLICE_NANOS)) {
                checkPeer();
            }
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("room to send on " + this + " (the connection was closed)", e);
        } catch (IllegalStateException ringClosed) {
            throw new EofException("Connection " + this + " is closed");
        }
    }

    @Override
    public byte @Nullable [] receive(long deadlineNanos) {
        try {
            while (true) {
                checkOpen();
                long slice = System.nanoTime() + SLICE_MILLIS * 1_000_000;
                byte[] frame = in.read(deadlineNanos == Long.MAX_VALUE ? slice : Math.min(slice, deadlineNanos));
                if (frame != null) {
                    checkOpen();
                    return frame;
                }
                checkPeer();
                if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos >= 0) {
                    return null;
                }
            }
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("a message on " + this + " (the connection was closed)", e);
        } catch (IllegalStateException ringClosed) {
            throw new EofException("Connection " + this + " is closed");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new EofException("Connection " + this + " is closed");
        }
    }

    private void checkPeer() {
        checkOpen();
        if (control.peerGone()) {
            close();
            throw new EofException("The other end of " + this + " is gone");
        }
    }

    @Override
    public boolean peerGone() {
        return closed || control.peerGone();
    }

    /** Closes the socket and makes waits on the rings end; the memory goes with the garbage collector. */
    @Override
    public void close() {
        closed = true;
        control.close();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "RingTransport[" + control + "]";
    }
}
