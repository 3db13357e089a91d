package io.multiprocess.internal.posix;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Socket and file-descriptor calls of Linux's C library, bound with JNA direct mapping: socket pairs,
 * Unix-domain and TCP sockets, {@code poll}, {@code eventfd}, and {@code sendmsg}/{@code recvmsg} with
 * {@code SCM_RIGHTS} to pass descriptors between processes.
 *
 * <p>Pointers are passed as native addresses ({@code long}): callers use direct buffers or JNA
 * {@code Memory}. Every call returns what the C function returns (-1 on error); {@link #errno()}
 * tells why. Struct layouts are those of x86-64 Linux.
 *
 * <p>Internal API.
 */
public final class Sockets {

    /** {@code AF_UNIX}. */
    public static final int AF_UNIX = 1;
    /** {@code AF_INET}. */
    public static final int AF_INET = 2;
    /** {@code AF_INET6}. */
    public static final int AF_INET6 = 10;
    /** {@code SOCK_STREAM | SOCK_CLOEXEC}: descriptors are never inherited by programs we exec. */
    public static final int SOCK_STREAM_CLOEXEC = 1 | 0x80000;

    /** {@code SOCK_CLOEXEC}, for {@code accept4}. */
    public static final int SOCK_CLOEXEC = 0x80000;

    /** {@code SOCK_NONBLOCK}, for {@code socket} and {@code accept4}. */
    public static final int SOCK_NONBLOCK = 0x800;

    /** {@code MSG_DONTWAIT}: one non-blocking call on a blocking socket. */
    public static final int MSG_DONTWAIT = 0x40;
    /** {@code MSG_NOSIGNAL}: EPIPE rather than SIGPIPE when the peer is gone. */
    public static final int MSG_NOSIGNAL = 0x4000;
    /** {@code MSG_CTRUNC}: control data was cut (more descriptors arrived than room was given). */
    public static final int MSG_CTRUNC = 0x8;
    /** {@code MSG_CMSG_CLOEXEC}: received descriptors are close-on-exec. */
    public static final int MSG_CMSG_CLOEXEC = 0x40000000;
    /** {@code POLLIN}. */
    public static final short POLLIN = 0x1;
    /** {@code POLLOUT}. */
    public static final short POLLOUT = 0x4;
    /** {@code POLLERR}. */
    public static final short POLLERR = 0x8;
    /** {@code POLLHUP}. */
    public static final short POLLHUP = 0x10;
    /** {@code POLLNVAL}: the descriptor is not open. */
    public static final short POLLNVAL = 0x20;
    /** {@code SOL_SOCKET}. */
    public static final int SOL_SOCKET = 1;
    /** {@code SO_REUSEADDR}. */
    public static final int SO_REUSEADDR = 2;
    /** {@code SO_ERROR}: the outcome of a non-blocking {@code connect}. */
    public static final int SO_ERROR = 4;
    /** {@code SO_TYPE}. */
    public static final int SO_TYPE = 3;
    /** {@code SO_DOMAIN}. */
    public static final int SO_DOMAIN = 39;
    /** {@code SCM_RIGHTS}. */
    public static final int SCM_RIGHTS = 1;
    /** {@code IPPROTO_TCP}. */
    public static final int IPPROTO_TCP = 6;
    /** {@code TCP_NODELAY}. */
    public static final int TCP_NODELAY = 1;
    /** {@code SHUT_RDWR}. */
    public static final int SHUT_RDWR = 2;
    /** {@code EFD_CLOEXEC | EFD_NONBLOCK}. */
    public static final int EFD_CLOEXEC_NONBLOCK = 0x80000 | 0x800;

    /** {@code EINTR}. */
    public static final int EINTR = 4;
    /** {@code EINPROGRESS}: a non-blocking {@code connect} goes on in the background. */
    public static final int EINPROGRESS = 115;
    /** {@code EBADF}. */
    public static final int EBADF = 9;
    /** {@code EAGAIN}. */
    public static final int EAGAIN = 11;
    /** {@code EPIPE}. */
    public static final int EPIPE = 32;
    /** {@code ENOTSOCK}. */
    public static final int ENOTSOCK = 88;
    /** {@code ECONNRESET}. */
    public static final int ECONNRESET = 104;

    static {
        if (!Platform.isLinux() || !Platform.is64Bit() || !Platform.isIntel()) {
            throw new ExceptionInInitializerError("The socket bindings are written for Linux on x86-64 only");
        }
        Native.register(Sockets.class, Platform.C_LIBRARY_NAME);
    }

    private Sockets() {}

    /**
     * {@code socketpair(2)}.
     *
     * @param domain   address family
     * @param type     socket type and flags
     * @param protocol 0
     * @param pair     receives the two descriptors
     * @return 0, or -1
     */
    public static native int socketpair(int domain, int type, int protocol, int[] pair);

    /**
     * {@code socket(2)}.
     *
     * @param domain   address family
     * @param type     socket type and flags
     * @param protocol 0
     * @return the descriptor, or -1
     */
    public static native int socket(int domain, int type, int protocol);

    /**
     * {@code bind(2)}.
     *
     * @param fd      the socket
     * @param address address of a sockaddr
     * @param length  its length
     * @return 0, or -1
     */
    public static native int bind(int fd, long address, int length);

    /**
     * {@code listen(2)}.
     *
     * @param fd      the socket
     * @param backlog pending connections
     * @return 0, or -1
     */
    public static native int listen(int fd, int backlog);

    /**
     * {@code accept4(2)}.
     *
     * @param fd            the listening socket
     * @param address       0, or where the peer's address goes
     * @param lengthAddress 0, or the address of its in/out length
     * @param flags         {@code SOCK_CLOEXEC}...
     * @return the new descriptor, or -1
     */
    public static native int accept4(int fd, long address, long lengthAddress, int flags);

    /**
     * {@code connect(2)}.
     *
     * @param fd      the socket
     * @param address address of a sockaddr
     * @param length  its length
     * @return 0, or -1
     */
    public static native int connect(int fd, long address, int length);

    /**
     * {@code getsockname(2)}.
     *
     * @param fd            the socket
     * @param address       where the address goes
     * @param lengthAddress address of its in/out length (an int)
     * @return 0, or -1
     */
    public static native int getsockname(int fd, long address, long lengthAddress);

    /**
     * {@code getsockopt(2)}.
     *
     * @param fd            the socket
     * @param level         level
     * @param name          option
     * @param value         where the value goes
     * @param lengthAddress address of its in/out length
     * @return 0, or -1
     */
    public static native int getsockopt(int fd, int level, int name, long value, long lengthAddress);

    /**
     * {@code setsockopt(2)}.
     *
     * @param fd     the socket
     * @param level  level
     * @param name   option
     * @param value  address of the value
     * @param length its length
     * @return 0, or -1
     */
    public static native int setsockopt(int fd, int level, int name, long value, int length);

    /**
     * {@code send(2)}.
     *
     * @param fd     the socket
     * @param buffer address of the bytes
     * @param length how many
     * @param flags  {@link #MSG_DONTWAIT}, {@link #MSG_NOSIGNAL}...
     * @return bytes sent, or -1
     */
    public static native long send(int fd, long buffer, long length, int flags);

    /**
     * {@code recv(2)}.
     *
     * @param fd     the socket
     * @param buffer where the bytes go
     * @param length room
     * @param flags  {@link #MSG_DONTWAIT}...
     * @return bytes received, 0 at end of stream, or -1
     */
    public static native long recv(int fd, long buffer, long length, int flags);

    /**
     * {@code read(2)}.
     *
     * @param fd     the descriptor
     * @param buffer where the bytes go
     * @param length room
     * @return bytes read, or -1
     */
    public static native long read(int fd, long buffer, long length);

    /**
     * {@code write(2)}.
     *
     * @param fd     the descriptor
     * @param buffer the bytes
     * @param length how many
     * @return bytes written, or -1
     */
    public static native long write(int fd, long buffer, long length);

    /**
     * {@code sendmsg(2)}.
     *
     * @param fd     the socket
     * @param msghdr address of a struct msghdr
     * @param flags  flags
     * @return bytes sent, or -1
     */
    public static native long sendmsg(int fd, long msghdr, int flags);

    /**
     * {@code recvmsg(2)}.
     *
     * @param fd     the socket
     * @param msghdr address of a struct msghdr
     * @param flags  flags
     * @return bytes received, or -1
     */
    public static native long recvmsg(int fd, long msghdr, int flags);

    /**
     * {@code poll(2)}.
     *
     * @param fds     address of an array of struct pollfd (8 bytes each)
     * @param count   how many
     * @param timeout milliseconds, -1 for ever
     * @return how many are ready, 0 on timeout, or -1
     */
    public static native int poll(long fds, long count, int timeout);

    /**
     * {@code shutdown(2)}.
     *
     * @param fd  the socket
     * @param how {@link #SHUT_RDWR}
     * @return 0, or -1
     */
    public static native int shutdown(int fd, int how);

    /**
     * {@code close(2)}.
     *
     * @param fd the descriptor
     * @return 0, or -1
     */
    public static native int close(int fd);

    /**
     * {@code fcntl(fd, F_DUPFD_CLOEXEC, 0)} is not bindable portably; {@code dup(2)} is used and the
     * copy is marked close-on-exec by the caller's flags where it matters (the JVM execs only through
     * its own launcher, which closes every descriptor above 2).
     *
     * @param fd the descriptor
     * @return a new descriptor for the same open file, or -1
     */
    public static native int dup(int fd);

    /**
     * {@code eventfd(2)}.
     *
     * @param initial the counter's start value
     * @param flags   {@link #EFD_CLOEXEC_NONBLOCK}
     * @return the descriptor, or -1
     */
    public static native int eventfd(int initial, int flags);

    /**
     * The errno of the last call made by this thread.
     *
     * @return errno
     */
    public static int errno() {
        return Native.getLastError();
    }

    /**
     * The C library's description of an error number, with the number.
     *
     * @param errno an error number
     * @return e.g. {@code "Connection refused (errno 111)"}
     */
    public static String describe(int errno) {
        return strerror(errno) + " (errno " + errno + ")";
    }

    private static native String strerror(int errno);
}
