package io.multiprocess.managers.transport;

import io.multiprocess.AuthenticationException;
import io.multiprocess.InterruptedOperationException;
import io.multiprocess.MultiprocessException;
import io.multiprocess.connection.EofException;
import io.multiprocess.connection.FrameException;
import io.multiprocess.connection.ReceiveBudget;
import io.multiprocess.internal.ipc.ChallengeResponse;
import io.multiprocess.internal.ipc.FrameChannel;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Transport} over a TLS socket ({@link SSLSocket}), for managers served on TCP with an
 * {@link SSLContext}. The library's own connections work on raw file descriptors, so TLS has its own
 * transport: the same frames (a 4-byte big-endian length, then the bytes), the same HMAC challenge and
 * response after the TLS handshake, so that the authentication key still decides who may call, and TLS
 * adds confidentiality and the server's identity.
 *
 * <p>Clients verify the server's certificate with the context's trust managers and check that it names
 * the host they connect to (endpoint identification "HTTPS": the certificate's subject alternative
 * names must contain the host name or IP address used). Waits are sliced (100 ms), so that an interrupt
 * or a closed socket ends them.
 */
public final class TlsTransport implements Transport {

    private static final int SLICE_MILLIS = 100;
    /** The buffer a frame starts in; it doubles with the bytes that arrive, up to the announced length. */
    private static final int FIRST_BUFFER = 64 * 1024;

    private final SSLSocket socket;
    private final PushbackInputStream in;
    private final DataOutputStream out;
    private final int maxFrameSize;
    private final int stallMillis;
    private final @Nullable ReceiveBudget budget;
    private volatile boolean closed;

    private TlsTransport(SSLSocket socket, int maxFrameSize, Duration stall, @Nullable ReceiveBudget budget)
            throws IOException {
        this.socket = socket;
        this.in = new PushbackInputStream(new BufferedInputStream(socket.getInputStream(), 16 * 1024), 1);
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 16 * 1024));
        this.maxFrameSize = maxFrameSize;
        this.stallMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, stall.toMillis()));
        this.budget = budget;
    }

    /**
     * Connects, runs the TLS handshake, then authenticates as a client.
     *
     * @param context          creates the client's socket
     * @param address          the server's address
     * @param authkey          the manager's authentication key
     * @param maxFrameSize     the largest frame accepted
     * @param handshakeTimeout how long the handshakes may take
     * @param connectTimeout   how long reaching the address may take
     * @return the authenticated transport
     * @throws java.io.UncheckedIOException if nothing accepts the connection at {@code address}
     * @throws io.multiprocess.AuthenticationException if a handshake fails
     */
    public static TlsTransport connect(
            SSLContext context,
            InetSocketAddress address,
            byte[] authkey,
            int maxFrameSize,
            Duration handshakeTimeout,
            Duration connectTimeout) {
        SSLSocket socket;
        try {
            socket = (SSLSocket) context.getSocketFactory().createSocket();
            socket.connect(address, (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis())));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot connect to the manager at " + address + " over TLS: " + e.getMessage()
                            + "; is its server running there?",
                    e);
        }
        try {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, handshakeTimeout.toMillis()));
            socket.startHandshake();
            TlsTransport transport = new TlsTransport(socket, maxFrameSize, handshakeTimeout, null);
            ChallengeResponse.asClient(transport.channel(), authkey, System.nanoTime() + handshakeTimeout.toNanos());
            return transport;
        } catch (IOException e) {
            closeQuietly(socket);
            throw new AuthenticationException(
                    "The TLS handshake with the manager at " + address + " failed: " + e.getMessage()
                            + "; check that the client's SSLContext trusts the server's certificate and that the certificate names "
                            + "the host connected to",
                    e);
        } catch (MultiprocessException e) {
            closeQuietly(socket);
            throw e instanceof AuthenticationException auth
                    ? auth
                    : new AuthenticationException(
                            "The manager at " + address + " did not complete the authentication " + "handshake: "
                                    + e.getMessage(),
                            e);
        }
    }

    /**
     * Runs the TLS handshake on an accepted socket, then authenticates as the server.
     *
     * @param socket           the accepted socket, closed if the handshakes fail
     * @param authkey          the manager's authentication key
     * @param maxFrameSize     the largest frame accepted
     * @param handshakeTimeout how long the handshakes may take
     * @return the authenticated transport
     */
    public static TlsTransport accept(SSLSocket socket, byte[] authkey, int maxFrameSize, Duration handshakeTimeout) {
        return accept(socket, authkey, maxFrameSize, handshakeTimeout, null);
    }

    /**
     * Runs the TLS handshake on an accepted socket, then authenticates as the server; the frames it
     * receives are charged to a budget shared with the server's other connections.
     *
     * @param socket           the accepted socket, closed if the handshakes fail
     * @param authkey          the manager's authentication key
     * @param maxFrameSize     the largest frame accepted
     * @param handshakeTimeout how long the handshakes may take; also how long a frame may stall half-way
     * @param budget           the shared budget for incomplete frames, or null for none
     * @return the authenticated transport
     */
    public static TlsTransport accept(
            SSLSocket socket,
            byte[] authkey,
            int maxFrameSize,
            Duration handshakeTimeout,
            @Nullable ReceiveBudget budget) {
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, handshakeTimeout.toMillis()));
            socket.startHandshake();
            TlsTransport transport = new TlsTransport(socket, maxFrameSize, handshakeTimeout, budget);
            ChallengeResponse.asServer(transport.channel(), authkey, System.nanoTime() + handshakeTimeout.toNanos());
            return transport;
        } catch (IOException e) {
            closeQuietly(socket);
            throw new AuthenticationException(
                    "TLS handshake with " + socket.getRemoteSocketAddress() + " failed: " + e.getMessage(), e);
        } catch (MultiprocessException e) {
            closeQuietly(socket);
            throw e instanceof AuthenticationException auth
                    ? auth
                    : new AuthenticationException(
                            "The peer did not complete the authentication handshake: " + e.getMessage(), e);
        }
    }

    private FrameChannel channel() {
        return new FrameChannel() {
            @Override
            public void sendFrame(byte[] frame) {
                send(frame, frame.length);
            }

            @Override
            public byte[] receiveFrame(int limit, long deadlineNanos) {
                byte[] frame = readFrame(limit, deadlineNanos);
                if (frame == null) {
                    close();
                    throw new FrameException("No handshake frame arrived in time on " + TlsTransport.this);
                }
                return frame;
            }
        };
    }

    @Override
    public void send(byte[] bytes, int length) {
        synchronized (out) {
            try {
                out.writeInt(length);
                out.write(bytes, 0, length);
                out.flush();
            } catch (IOException e) {
                close();
                throw new EofException("Cannot send on " + this + ": " + e.getMessage());
            }
        }
    }

    @Override
    public byte @Nullable [] receive(long deadlineNanos) {
        return readFrame(maxFrameSize, deadlineNanos);
    }

    private byte @Nullable [] readFrame(int limit, long deadlineNanos) {
        synchronized (in) {
            try {
                int first = readFirstByte(deadlineNanos);
                if (first < 0) {
                    return null;
                }
                armTimeout(deadlineNanos);
                int length = first << 24 | readByte() << 16 | readByte() << 8 | readByte();
                if (length < 0 || length > limit) {
                    close();
                    throw new FrameException("Refused a frame of " + Integer.toUnsignedString(length) + " bytes on "
                            + this + ": the limit is " + limit + " bytes; the connection was closed");
                }
                // The buffer grows with the bytes that arrive, so a peer pays for the memory it makes us hold.
                byte[] frame = new byte[Math.min(length, FIRST_BUFFER)];
                int done = 0;
                try {
                    while (done < length) {
                        if (done == frame.length) {
                            frame = grow(frame, length, deadlineNanos);
                        }
                        armTimeout(deadlineNanos);
                        int n = in.read(frame, done, frame.length - done);
                        if (n < 0) {
                            close();
                            throw new EofException("The other end of " + this + " closed in the middle of a frame");
                        }
                        done += n;
                    }
                } finally {
                    if (budget != null) {
                        budget.release(ReceiveBudget.charge(frame.length));
                    }
                }
                return frame;
            } catch (SocketTimeoutException e) {
                close();
                if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos >= 0) {
                    // The frame began in time but was not whole by the deadline: no answer in time.
                    return null;
                }
                throw new FrameException(
                        "A frame on " + this + " stalled for " + stallMillis + " ms; the connection was closed");
            } catch (IOException e) {
                close();
                throw new EofException("Connection " + this + " failed: " + e.getMessage());
            }
        }
    }

    /** A buffer twice as large (at most {@code length}), charged to the budget first; the caller releases the last. */
    private byte[] grow(byte[] frame, int length, long deadlineNanos) {
        int size = (int) Math.min(length, 2L * frame.length);
        if (budget != null) {
            long charge = ReceiveBudget.charge(size);
            long wait = Math.min(deadlineNanos, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(stallMillis));
            boolean reserved;
            try {
                reserved = budget.reserve(charge, wait);
            } catch (InterruptedException e) {
                close();
                Thread.currentThread().interrupt();
                throw new InterruptedOperationException(
                        "room for a message on " + this + " (the connection was closed)", e);
            }
            if (!reserved) {
                close();
                throw new FrameException(
                        "A message of " + length + " bytes on " + this + " needs " + charge + " bytes of the "
                                + "server's shared receive budget (" + budget.capacity()
                                + " bytes), which other connections' incomplete "
                                + "messages hold; the connection was closed");
            }
        }
        byte[] larger = Arrays.copyOf(frame, size);
        if (budget != null) {
            budget.release(ReceiveBudget.charge(frame.length));
        }
        return larger;
    }

    /** The rest of a frame may take the stall limit per read, and no longer than the deadline in all. */
    private void armTimeout(long deadlineNanos) throws IOException {
        long millis = stallMillis;
        if (deadlineNanos != Long.MAX_VALUE) {
            long remaining = deadlineNanos - System.nanoTime();
            millis = Math.min(millis, Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining + 999_999)));
        }
        socket.setSoTimeout((int) millis);
    }

    /** The first byte of a frame, waiting in slices; -1 when the deadline passed first. */
    private int readFirstByte(long deadlineNanos) throws IOException {
        while (true) {
            if (closed) {
                throw new EofException("Connection " + this + " is closed");
            }
            long remaining = deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                return -1;
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(SLICE_MILLIS, remaining / 1_000_000)));
            try {
                int b = in.read();
                if (b < 0) {
                    close();
                    throw new EofException("The other end of " + this + " is closed (end of stream)");
                }
                return b;
            } catch (SocketTimeoutException slice) {
                if (Thread.interrupted()) {
                    close();
                    Thread.currentThread().interrupt();
                    throw new InterruptedOperationException(
                            "a message on " + this + " (the connection was closed)", new InterruptedException());
                }
            }
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            close();
            throw new EofException("The other end of " + this + " closed in the middle of a frame header");
        }
        return b;
    }

    @Override
    public boolean peerGone() {
        if (closed) {
            return true;
        }
        synchronized (in) {
            try {
                socket.setSoTimeout(1);
                int b = in.read();
                if (b < 0) {
                    return true;
                }
                in.unread(b);
                return false;
            } catch (SocketTimeoutException alive) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(socket);
    }

    @Override
    public boolean isClosed() {
        return closed || socket.isClosed();
    }

    private static void closeQuietly(SSLSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is best effort.
        }
    }

    @Override
    public String toString() {
        return "TlsTransport[" + socket.getRemoteSocketAddress() + (isClosed() ? ", closed" : "") + "]";
    }
}
