package io.multiprocess.internal.posix;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.multiprocess.AbstractUnixAddress;
import io.multiprocess.MultiprocessException;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One socket descriptor of this process, opened through {@link Sockets}: a Unix-domain or TCP stream
 * socket, or an end of a socket pair. Blocking waits go through {@code poll} in slices of
 * {@link #SLICE_MILLIS} ms, so that they notice interruption and never keep the JVM's exit waiting;
 * reads and writes themselves never block ({@code MSG_DONTWAIT}).
 *
 * <p>Not thread-safe: callers serialize reads and writes (the connection classes do).
 *
 * <p>Internal API.
 */
public final class NativeSocket implements AutoCloseable {

    /** The longest single stay in {@code poll}. */
    public static final int SLICE_MILLIS = 50;

    private static final ThreadLocal<Memory> SCRATCH = ThreadLocal.withInitial(() -> new Memory(512));

    private volatile int fd;
    private final int family;
    private volatile @Nullable SocketAddress peer;

    /**
     * Wraps a descriptor this process owns; {@link #close()} closes it.
     *
     * @param fd     the descriptor
     * @param family its address family ({@link Sockets#AF_UNIX}...)
     */
    public NativeSocket(int fd, int family) {
        this.fd = fd;
        this.family = family;
    }

    /**
     * A connected pair of Unix-domain stream sockets.
     *
     * @return the two ends
     * @throws MultiprocessException if the system refuses (out of descriptors, say)
     */
    public static NativeSocket[] pair() {
        int[] fds = new int[2];
        if (Sockets.socketpair(Sockets.AF_UNIX, Sockets.SOCK_STREAM_CLOEXEC, 0, fds) != 0) {
            throw new MultiprocessException("socketpair() failed: " + Sockets.describe(Sockets.errno()));
        }
        return new NativeSocket[] {new NativeSocket(fds[0], Sockets.AF_UNIX), new NativeSocket(fds[1], Sockets.AF_UNIX)
        };
    }

    /**
     * The address family of a descriptor that another part of the program opened.
     *
     * @param fd a descriptor
     * @return the family, or -1 if it is not a socket
     * @throws IOException if the descriptor is not open
     */
    public static int familyOf(int fd) throws IOException {
        Memory scratch = SCRATCH.get();
        scratch.setInt(0, 0);
        scratch.setInt(8, 4);
        if (Sockets.getsockopt(fd, Sockets.SOL_SOCKET, Sockets.SO_DOMAIN, address(scratch), address(scratch) + 8)
                != 0) {
            int errno = Sockets.errno();
            if (errno == Sockets.ENOTSOCK) {
                return -1;
            }
            throw new IOException("File descriptor " + fd + " is not usable: " + Sockets.describe(errno));
        }
        return scratch.getInt(0);
    }

    /**
     * Creates a listening socket bound to an address: a Unix-domain path (which must not exist) or a
     * TCP host and port (port 0 picks a free one).
     *
     * @param address the address
     * @param backlog how many connections may wait for {@code accept}
     * @return the socket
     * @throws IOException if the address cannot be bound
     */
    public static NativeSocket listen(SocketAddress address, int backlog) throws IOException {
        // Non-blocking: several threads may wait in accept(long) on one listener, and all of them wake up when
        // a connection arrives; those that lose the race must get EAGAIN and go back to poll, not block in
        // accept4 where neither a deadline nor close() can reach them.
        NativeSocket socket = open(address, Sockets.SOCK_STREAM_CLOEXEC | Sockets.SOCK_NONBLOCK);
        try {
            Memory scratch = SCRATCH.get();
            if (socket.family != Sockets.AF_UNIX) {
                scratch.setInt(0, 1);
                Sockets.setsockopt(socket.fd, Sockets.SOL_SOCKET, Sockets.SO_REUSEADDR, address(scratch), 4);
            }
            int length = encode(address, scratch);
            if (Sockets.bind(socket.fd, address(scratch), length) != 0) {
                throw new IOException("Cannot bind " + address + ": " + Sockets.describe(Sockets.errno()));
            }
            if (Sockets.listen(socket.fd, backlog) != 0) {
                throw new IOException("Cannot listen on " + address + ": " + Sockets.describe(Sockets.errno()));
            }
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Connects a new socket to a listening address.
     *
     * @param address a Unix-domain path or a TCP address
     * @return the connected socket
     * @throws IOException if nobody listens there or the connection fails
     */
    public static NativeSocket connect(SocketAddress address) throws IOException {
        if (address instanceof InetSocketAddress) {
            try {
                return connect(address, Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while connecting to " + address, e);
            }
        }
        NativeSocket socket = open(address);
        try {
            Memory scratch = SCRATCH.get();
            int length = encode(address, scratch);
            while (Sockets.connect(socket.fd, address(scratch), length) != 0) {
                int errno = Sockets.errno();
                if (errno != Sockets.EINTR) {
                    throw new IOException("Cannot connect to " + address + ": " + Sockets.describe(errno));
                }
            }
            socket.tuneTcp();
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Connects a new socket to a TCP address, giving up at a deadline: a host that is down or cut off
     * answers nothing, and a blocking {@code connect} would wait for the kernel's SYN retries (a minute
     * or two). The socket is non-blocking, as accepted sockets are (every read and write passes
     * {@code MSG_DONTWAIT} anyway). A Unix-domain address connects at once, as {@link #connect(SocketAddress)}.
     *
     * @param address       a TCP address (or a Unix-domain path)
     * @param deadlineNanos a {@link System#nanoTime()} deadline, or {@link Long#MAX_VALUE}
     * @return the connected socket
     * @throws IOException if nobody listens there, the host is unreachable, or the deadline passed
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    public static NativeSocket connect(SocketAddress address, long deadlineNanos)
            throws IOException, InterruptedException {
        if (!(address instanceof InetSocketAddress)) {
            return connect(address);
        }
        long start = System.nanoTime();
        NativeSocket socket = open(address, Sockets.SOCK_STREAM_CLOEXEC | Sockets.SOCK_NONBLOCK);
        try {
            Memory scratch = SCRATCH.get();
            int length = encode(address, scratch);
            if (Sockets.connect(socket.fd, address(scratch), length) != 0) {
                int errno = Sockets.errno();
                if (errno != Sockets.EINPROGRESS && errno != Sockets.EINTR) {
                    throw new IOException("Cannot connect to " + address + ": " + Sockets.describe(errno));
                }
                if (!socket.awaitReady(Sockets.POLLOUT, deadlineNanos)) {
                    throw new IOException("Cannot connect to " + address + ": no answer within "
                            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
                            + " ms (is the host down or cut off?)");
                }
                scratch = SCRATCH.get();
                scratch.setInt(0, 0);
                scratch.setInt(8, 4);
                if (Sockets.getsockopt(
                                socket.fd, Sockets.SOL_SOCKET, Sockets.SO_ERROR, address(scratch), address(scratch) + 8)
                        != 0) {
                    throw new IOException("Cannot connect to " + address + ": " + Sockets.describe(Sockets.errno()));
                }
                int outcome = scratch.getInt(0);
                if (outcome != 0) {
                    throw new IOException("Cannot connect to " + address + ": " + Sockets.describe(outcome));
                }
            }
            socket.tuneTcp();
            return socket;
        } catch (IOException | InterruptedException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static NativeSocket open(SocketAddress address) throws IOException {
        return open(address, Sockets.SOCK_STREAM_CLOEXEC);
    }

    private static NativeSocket open(SocketAddress address, int type) throws IOException {
        int family;
        if (address instanceof UnixDomainSocketAddress || address instanceof AbstractUnixAddress) {
            family = Sockets.AF_UNIX;
        } else if (address instanceof InetSocketAddress inet) {
            if (inet.isUnresolved()) {
                throw new IOException("Cannot resolve host " + inet.getHostString());
            }
            family = inet.getAddress() instanceof Inet6Address ? Sockets.AF_INET6 : Sockets.AF_INET;
        } else {
            throw new IllegalArgumentException("Unsupported address " + address
                    + ": use a UnixDomainSocketAddress (a path), an AbstractUnixAddress or an InetSocketAddress"
                    + " (host and port)");
        }
        int fd = Sockets.socket(family, type, 0);
        if (fd < 0) {
            throw new IOException("Cannot create a socket: " + Sockets.describe(Sockets.errno()));
        }
        return new NativeSocket(fd, family);
    }

    private void tuneTcp() {
        if (family != Sockets.AF_UNIX) {
            Memory scratch = SCRATCH.get();
            scratch.setInt(0, 1);
            Sockets.setsockopt(fd, Sockets.IPPROTO_TCP, Sockets.TCP_NODELAY, address(scratch), 4);
        }
    }

    /** Writes a sockaddr for the address into memory; returns its length. */
    private static int encode(SocketAddress address, Memory memory) throws IOException {
        memory.clear(128);
        if (address instanceof UnixDomainSocketAddress unix) {
            byte[] path = unix.getPath().toString().getBytes(StandardCharsets.UTF_8);
            if (path.length == 0 || path.length > 107) {
                throw new IOException(
                        "A Unix-domain socket path must have 1 to 107 bytes, not " + path.length + ": " + unix);
            }
            memory.setShort(0, (short) Sockets.AF_UNIX);
            memory.write(2, path, 0, path.length);
            return 2 + path.length + 1;
        }
        if (address instanceof AbstractUnixAddress abstractAddress) {
            byte[] path = abstractAddress.sunPath();
            memory.setShort(0, (short) Sockets.AF_UNIX);
            memory.write(2, path, 0, path.length);
            return 2 + path.length; // the length ends the name: no NUL after it
        }
        InetSocketAddress inet = (InetSocketAddress) address;
        InetAddress host = inet.getAddress();
        int port = inet.getPort();
        memory.setByte(2, (byte) (port >>> 8));
        memory.setByte(3, (byte) port);
        if (host instanceof Inet4Address) {
            memory.setShort(0, (short) Sockets.AF_INET);
            memory.write(4, host.getAddress(), 0, 4);
            return 16;
        }
        memory.setShort(0, (short) Sockets.AF_INET6);
        memory.write(8, host.getAddress(), 0, 16);
        memory.setInt(24, ((Inet6Address) host).getScopeId());
        return 28;
    }

    /**
     * Reads a sockaddr {@code length} bytes long: an {@link InetSocketAddress} for TCP, a
     * {@link UnixDomainSocketAddress} for a peer bound to a path, an empty path for an unnamed peer (most
     * clients) and an {@link AbstractUnixAddress} for a peer bound in Linux's abstract namespace.
     */
    private static @Nullable SocketAddress decode(Memory memory, int length) {
        if (length < 2) {
            return null;
        }
        int addressFamily = memory.getShort(0) & 0xffff;
        try {
            if (addressFamily == Sockets.AF_UNIX) {
                byte[] path = memory.getByteArray(2, Math.min(length - 2, 108));
                if (path.length > 1 && path[0] == 0) {
                    return AbstractUnixAddress.of(new String(path, 1, path.length - 1, StandardCharsets.UTF_8));
                }
                int end = path.length;
                if (end > 0 && path[0] != 0) {
                    end = 0;
                    while (end < path.length && path[end] != 0) {
                        end++;
                    }
                }
                return UnixDomainSocketAddress.of(new String(path, 0, end, StandardCharsets.UTF_8));
            }
            int port = ((memory.getByte(2) & 0xff) << 8) | (memory.getByte(3) & 0xff);
            if (addressFamily == Sockets.AF_INET) {
                return new InetSocketAddress(InetAddress.getByAddress(memory.getByteArray(4, 4)), port);
            }
            if (addressFamily == Sockets.AF_INET6) {
                return new InetSocketAddress(
                        Inet6Address.getByAddress(null, memory.getByteArray(8, 16), memory.getInt(24)), port);
            }
        } catch (java.net.UnknownHostException | IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    /**
     * The address of the peer this socket was accepted from: Python's {@code Listener.last_accepted}.
     *
     * @return the peer's IP and port for TCP, its path for Unix-domain (empty when the peer is unnamed), or
     *     null for a socket that was not accepted or whose peer address could not be read
     */
    public @Nullable SocketAddress peerAddress() {
        return peer;
    }

    /**
     * The TCP port this socket is bound to.
     *
     * @return the port
     * @throws IOException if it cannot be read
     */
    public int localPort() throws IOException {
        Memory scratch = SCRATCH.get();
        scratch.setInt(128, 128);
        if (Sockets.getsockname(fd, address(scratch), address(scratch) + 128) != 0) {
            throw new IOException("getsockname failed: " + Sockets.describe(Sockets.errno()));
        }
        return ((scratch.getByte(2) & 0xff) << 8) | (scratch.getByte(3) & 0xff);
    }

    /**
     * Waits for a connection and accepts it.
     *
     * @param deadlineNanos a {@link System#nanoTime()} deadline, or {@link Long#MAX_VALUE}
     * @return the connected socket, or null on timeout
     * @throws IOException if the socket fails or was closed
     * @throws InterruptedException if the thread is interrupted
     */
    public @Nullable NativeSocket accept(long deadlineNanos) throws IOException, InterruptedException {
        while (true) {
            if (!awaitReady(Sockets.POLLIN, deadlineNanos)) {
                return null;
            }
            Memory scratch = SCRATCH.get();
            scratch.clear(132);
            scratch.setInt(128, 128);
            int accepted = Sockets.accept4(
                    checkedFd(),
                    address(scratch),
                    address(scratch) + 128,
                    Sockets.SOCK_CLOEXEC | Sockets.SOCK_NONBLOCK);
            if (accepted >= 0) {
                // The accepted socket is non-blocking too; every read and write passes MSG_DONTWAIT anyway.
                NativeSocket socket = new NativeSocket(accepted, family);
                socket.peer = decode(scratch, scratch.getInt(128));
                socket.tuneTcp();
                return socket;
            }
            int errno = Sockets.errno();
            if (errno != Sockets.EAGAIN && errno != Sockets.EINTR && errno != 103 /* ECONNABORTED */) {
                throw new IOException("accept failed: " + Sockets.describe(errno));
            }
        }
    }

    /**
     * Waits until the socket is ready for the given events (or hung up / in error, which the next call
     * reports).
     *
     * @param events        {@link Sockets#POLLIN} or {@link Sockets#POLLOUT}
     * @param deadlineNanos a {@link System#nanoTime()} deadline, or {@link Long#MAX_VALUE}
     * @return true if ready, false on timeout
     * @throws IOException if the socket was closed
     * @throws InterruptedException if the thread is interrupted
     */
    public boolean awaitReady(short events, long deadlineNanos) throws IOException, InterruptedException {
        Memory scratch = SCRATCH.get();
        long pollfd = address(scratch) + 256;
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            int descriptor = checkedFd();
            long left = deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - System.nanoTime();
            int slice = left == Long.MAX_VALUE
                    ? SLICE_MILLIS
                    : (int) Math.max(0, Math.min(SLICE_MILLIS, TimeUnit.NANOSECONDS.toMillis(left + 999_999)));
            scratch.setInt(256, descriptor);
            scratch.setShort(260, events);
            scratch.setShort(262, (short) 0);
            int ready = Sockets.poll(pollfd, 1, slice);
            if (ready > 0) {
                if ((scratch.getShort(262) & Sockets.POLLNVAL) != 0) {
                    throw new IOException("The socket was closed");
                }
                return true;
            }
            if (ready < 0 && Sockets.errno() != Sockets.EINTR) {
                throw new IOException("poll failed: " + Sockets.describe(Sockets.errno()));
            }
            if (left <= 0 || (deadlineNanos != Long.MAX_VALUE && deadlineNanos - System.nanoTime() <= 0)) {
                return false;
            }
        }
    }

    /**
     * Sends what the socket takes now, without waiting.
     *
     * @param address address of the bytes
     * @param length  how many
     * @return bytes sent, 0 if the socket cannot take any now
     * @throws IOException if the peer is gone ({@code EPIPE}, {@code ECONNRESET}) or the socket is closed
     */
    public long sendNow(long address, long length) throws IOException {
        while (true) {
            long sent = Sockets.send(checkedFd(), address, length, Sockets.MSG_DONTWAIT | Sockets.MSG_NOSIGNAL);
            if (sent >= 0) {
                return sent;
            }
            int errno = Sockets.errno();
            if (errno == Sockets.EAGAIN) {
                return 0;
            }
            if (errno != Sockets.EINTR) {
                throw new IOException("send failed: " + Sockets.describe(errno));
            }
        }
    }

    /**
     * Receives what has arrived, without waiting.
     *
     * @param address where the bytes go
     * @param length  room
     * @return bytes received; 0 if none has arrived; -1 at end of stream (the peer closed)
     * @throws IOException if the socket fails or is closed
     */
    public long receiveNow(long address, long length) throws IOException {
        while (true) {
            long received = Sockets.recv(checkedFd(), address, length, Sockets.MSG_DONTWAIT);
            if (received > 0) {
                return received;
            }
            if (received == 0) {
                return -1;
            }
            int errno = Sockets.errno();
            if (errno == Sockets.EAGAIN) {
                return 0;
            }
            if (errno == Sockets.ECONNRESET) {
                return -1;
            }
            if (errno != Sockets.EINTR) {
                throw new IOException("recv failed: " + Sockets.describe(errno));
            }
        }
    }

    /**
     * Sends one byte together with a file descriptor ({@code SCM_RIGHTS}); the receiver gets its own
     * descriptor for the same open file.
     *
     * @param descriptor    the descriptor to pass; this process keeps its own
     * @param deadlineNanos a deadline for a full socket buffer
     * @throws IOException if the descriptor is not open, the peer is gone, or time runs out
     * @throws InterruptedException if the thread is interrupted
     */
    public void sendDescriptor(int descriptor, long deadlineNanos) throws IOException, InterruptedException {
        sendDescriptors(new int[] {descriptor}, deadlineNanos);
    }

    /**
     * Receives a descriptor sent by {@link #sendDescriptor}.
     *
     * @param deadlineNanos a deadline
     * @return the new descriptor, owned by the caller
     * @throws IOException if the peer closed, sent no descriptor, or time runs out
     * @throws InterruptedException if the thread is interrupted
     */
    public int receiveDescriptor(long deadlineNanos) throws IOException, InterruptedException {
        return receiveDescriptors(1, deadlineNanos)[0];
    }

    /** The most descriptors one message may carry (Linux's {@code SCM_MAX_FD}). */
    public static final int MAX_DESCRIPTORS = 253;

    /**
     * Sends several descriptors in one message ({@code SCM_RIGHTS}), with one data byte holding their count
     * modulo 256, as CPython's {@code reduction.sendfds} does.
     *
     * @param descriptors   1 to {@link #MAX_DESCRIPTORS} open descriptors of this process
     * @param deadlineNanos a deadline
     * @throws IOException if one is not open, the peer is gone or time runs out
     * @throws InterruptedException if the thread is interrupted
     */
    public void sendDescriptors(int[] descriptors, long deadlineNanos) throws IOException, InterruptedException {
        int n = descriptors.length;
        if (n < 1 || n > MAX_DESCRIPTORS) {
            throw new IllegalArgumentException(
                    "One message carries 1 to " + MAX_DESCRIPTORS + " descriptors, not " + n);
        }
        int size = controlAt() + controlSpace(n);
        Memory m = scratchOrNew(size);
        try {
            m.clear(size);
            long base = address(m);
            m.setByte(96, (byte) n);
            m.setLong(64, base + 96);
            m.setLong(72, 1);
            int control = controlAt();
            m.setLong(control, 16L + 4L * n);
            m.setInt(control + 8, Sockets.SOL_SOCKET);
            m.setInt(control + 12, Sockets.SCM_RIGHTS);
            for (int i = 0; i < n; i++) {
                m.setInt(control + 16 + 4L * i, descriptors[i]);
            }
            m.setLong(16, base + 64);
            m.setLong(24, 1);
            m.setLong(32, base + control);
            m.setLong(40, controlSpace(n));
            while (true) {
                long sent = Sockets.sendmsg(checkedFd(), base, Sockets.MSG_DONTWAIT | Sockets.MSG_NOSIGNAL);
                if (sent == 1) {
                    return;
                }
                int errno = Sockets.errno();
                if (errno == Sockets.EBADF) {
                    throw new IOException("Cannot pass the file descriptors " + java.util.Arrays.toString(descriptors)
                            + ": one is not open (" + Sockets.describe(errno) + ")");
                }
                if (errno == Sockets.EAGAIN) {
                    if (!awaitReady(Sockets.POLLOUT, deadlineNanos)) {
                        throw new IOException("Timed out passing file descriptors: the peer does not read");
                    }
                } else if (errno != Sockets.EINTR) {
                    throw new IOException("sendmsg failed: " + Sockets.describe(errno));
                }
            }
        } finally {
            release(m);
        }
    }

    /**
     * Receives the descriptors of one message sent by {@link #sendDescriptors}. Python's
     * {@code reduction.recvfds(sock, size)}.
     *
     * @param expected      how many descriptors the message carries
     * @param deadlineNanos a deadline
     * @return the new descriptors, owned by the caller
     * @throws IOException if the peer closed, sent another number of descriptors (those that arrived are
     *     closed), or time runs out
     * @throws InterruptedException if the thread is interrupted
     */
    public int[] receiveDescriptors(int expected, long deadlineNanos) throws IOException, InterruptedException {
        if (expected < 1 || expected > MAX_DESCRIPTORS) {
            throw new IllegalArgumentException(
                    "One message carries 1 to " + MAX_DESCRIPTORS + " descriptors, not " + expected);
        }
        int control = controlAt();
        int size = control + controlSpace(expected + 1);
        Memory m = scratchOrNew(size);
        try {
            while (true) {
                m.clear(size);
                long base = address(m);
                m.setLong(64, base + 96);
                m.setLong(72, 1);
                m.setLong(16, base + 64);
                m.setLong(24, 1);
                m.setLong(32, base + control);
                m.setLong(40, controlSpace(expected + 1));
                long received = Sockets.recvmsg(checkedFd(), base, Sockets.MSG_DONTWAIT | Sockets.MSG_CMSG_CLOEXEC);
                if (received == 0) {
                    throw new IOException("The peer closed the connection instead of passing file descriptors");
                }
                if (received > 0) {
                    boolean truncated = (m.getInt(48) & Sockets.MSG_CTRUNC) != 0;
                    long controlLength = m.getLong(40);
                    int[] fds = new int[0];
                    if (controlLength >= 16
                            && m.getInt(control + 8) == Sockets.SOL_SOCKET
                            && m.getInt(control + 12) == Sockets.SCM_RIGHTS) {
                        int count = (int) ((m.getLong(control) - 16) / 4);
                        fds = new int[count];
                        for (int i = 0; i < count; i++) {
                            fds[i] = m.getInt(control + 16 + 4L * i);
                        }
                    }
                    int announced = m.getByte(96) & 0xff;
                    if (fds.length == 0 && !truncated) {
                        throw new IOException("A message arrived without a file descriptor: the peer did not call "
                                + "sendHandle or sendFds (received byte " + announced + ")");
                    }
                    if (truncated || fds.length != expected || announced != expected % 256) {
                        for (int fd : fds) {
                            Sockets.close(fd);
                        }
                        throw new IOException("Expected " + expected + " file descriptors in one message, but "
                                + (truncated
                                        ? "more arrived"
                                        : fds.length + " arrived (the sender announced " + announced + ")"));
                    }
                    return fds;
                }
                int errno = Sockets.errno();
                if (errno == Sockets.EAGAIN) {
                    if (!awaitReady(Sockets.POLLIN, deadlineNanos)) {
                        throw new IOException("Timed out waiting for file descriptors");
                    }
                } else if (errno != Sockets.EINTR) {
                    throw new IOException("recvmsg failed: " + Sockets.describe(errno));
                }
            }
        } finally {
            release(m);
        }
    }

    /**
     * This thread's scratch memory when the message fits below its offset 256 (up to 32 descriptors), else new
     * memory: {@code awaitReady} keeps its pollfd at offset 256 of the scratch, and a send waits with its message
     * built.
     */
    private static Memory scratchOrNew(long size) {
        return size <= 256 ? SCRATCH.get() : new Memory(size);
    }

    /** Frees memory from {@link #scratchOrNew} unless it is the thread's scratch. */
    private static void release(Memory m) {
        if (m != SCRATCH.get()) {
            m.close();
        }
    }

    /** Where a message's control data starts in its scratch memory (after msghdr, iovec and the data byte). */
    private static int controlAt() {
        return 112;
    }

    /** {@code CMSG_SPACE(4 * n)}: the header and n ints, padded to 8 bytes. */
    private static int controlSpace(int n) {
        return 16 + (4 * n + 7) / 8 * 8;
    }

    /**
     * The descriptor.
     *
     * @return the descriptor, or -1 once closed
     */
    public int fd() {
        return fd;
    }

    /**
     * The address family.
     *
     * @return {@link Sockets#AF_UNIX}, {@link Sockets#AF_INET} or {@link Sockets#AF_INET6}
     */
    public int family() {
        return family;
    }

    private int checkedFd() throws IOException {
        int descriptor = fd;
        if (descriptor < 0) {
            throw new IOException("The socket is closed");
        }
        return descriptor;
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return fd < 0;
    }

    /**
     * Shuts the socket down (waking threads that poll it) and closes the descriptor. Closing twice
     * does nothing.
     */
    @Override
    public void close() {
        int descriptor;
        synchronized (this) {
            descriptor = fd;
            fd = -1;
        }
        if (descriptor >= 0) {
            Sockets.close(descriptor);
        }
    }

    /**
     * The native address of JNA memory.
     *
     * @param memory the memory
     * @return its address
     */
    public static long address(Memory memory) {
        return Pointer.nativeValue(memory);
    }

    @Override
    public String toString() {
        return "NativeSocket[fd=" + fd + ", family=" + family + "]";
    }
}
