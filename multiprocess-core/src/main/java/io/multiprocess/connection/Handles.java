package io.multiprocess.connection;

import io.multiprocess.InterruptedOperationException;
import io.multiprocess.MultiprocessException;
import io.multiprocess.ProcessStateException;
import io.multiprocess.internal.posix.NativeSocket;
import io.multiprocess.internal.posix.Sockets;
import io.multiprocess.process.DefaultSettings;
import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.channels.Channel;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Passing open files and sockets between processes over a Unix-domain connection ({@code SCM_RIGHTS}).
 * Python's {@code multiprocessing.reduction.send_handle} / {@code recv_handle}.
 *
 * <pre>{@code
 * try (FileChannel file = FileChannel.open(path)) {
 *     Handles.sendHandle(connection, file);       // the receiver gets its own descriptor for the open file
 * }
 * // in the other process:
 * int fd = Handles.recvHandle(connection);
 * try (FileChannel file = Handles.openFileChannel(fd, StandardOpenOption.READ)) { ... }
 * }</pre>
 *
 * <p>The sender keeps its descriptor; the receiver owns the one it receives and must close it
 * ({@link #close(int)}), unless it wraps it ({@link #openConnection(int)} takes ownership). Both ends must
 * be of a Unix-domain connection (a {@link Pipe} end, or a {@link Listener}/{@link Client} connection
 * on a socket path). Do not mix handles and messages in flight: the receiver must call
 * {@code recvHandle} when the handle is the next thing on the connection.
 */
public final class Handles {

    private static final long TIMEOUT_NANOS = 60_000_000_000L;

    private Handles() {}

    /**
     * Sends a descriptor.
     *
     * @param connection a Unix-domain connection, writable
     * @param fd         an open descriptor of this process
     * @throws IllegalArgumentException if the connection is not Unix-domain or the descriptor is not open
     * @throws io.multiprocess.connection.EofException if the peer is gone
     */
    public static void sendHandle(Connection connection, int fd) {
        checkUnix(connection);
        if (!connection.isWritable()) {
            throw new ProcessStateException("Cannot send a handle on a read-only connection");
        }
        try {
            NativeSocket.familyOf(fd);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot send file descriptor " + fd + ": " + e.getMessage(), e);
        }
        try {
            connection.socket().sendDescriptor(fd, System.nanoTime() + TIMEOUT_NANOS);
        } catch (IOException e) {
            throw new EofException("Cannot send file descriptor " + fd + " on " + connection + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("sending a handle on " + connection, e);
        }
    }

    /**
     * Sends the descriptor of a {@link FileDescriptor} (from {@code FileInputStream.getFD()}, say).
     *
     * @param connection a Unix-domain connection
     * @param descriptor a valid descriptor
     * @throws IllegalArgumentException if it is not valid
     */
    public static void sendHandle(Connection connection, FileDescriptor descriptor) {
        if (descriptor == null || !descriptor.valid()) {
            throw new IllegalArgumentException("Cannot send a closed or invalid FileDescriptor");
        }
        sendHandle(connection, Descriptors.of(descriptor));
    }

    /**
     * Sends the descriptor of an open NIO channel ({@link FileChannel}, {@code SocketChannel},
     * {@code ServerSocketChannel}...).
     *
     * @param connection a Unix-domain connection
     * @param channel    an open channel of the JDK
     * @throws IllegalArgumentException if it is closed or its descriptor cannot be found
     */
    public static void sendHandle(Connection connection, Channel channel) {
        if (channel == null || !channel.isOpen()) {
            throw new IllegalArgumentException("Cannot send a closed channel");
        }
        sendHandle(connection, Descriptors.of(channel));
    }

    /**
     * Receives a descriptor sent by {@code sendHandle}.
     *
     * @param connection a Unix-domain connection, readable
     * @return a new descriptor of this process, owned by the caller
     * @throws io.multiprocess.connection.EofException if the peer closed, or sent something else than a handle
     */
    public static int recvHandle(Connection connection) {
        checkUnix(connection);
        if (!connection.isReadable()) {
            throw new ProcessStateException("Cannot receive a handle on a write-only connection");
        }
        try {
            return connection.socket().receiveDescriptor(Long.MAX_VALUE);
        } catch (IOException e) {
            throw new EofException("No file descriptor received on " + connection + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("a handle on " + connection, e);
        }
    }

    /**
     * Sends several descriptors in one message. Python's {@code reduction.sendfds(sock, fds)}; the receiver
     * calls {@link #recvFds(Connection, int)} with their number.
     *
     * @param connection  a Unix-domain connection, writable
     * @param descriptors 1 to 253 open descriptors of this process
     * @throws IllegalArgumentException if the connection is not Unix-domain, or for 0 or more than 253
     * @throws io.multiprocess.connection.EofException if one is not open or the peer is gone
     */
    public static void sendFds(Connection connection, int... descriptors) {
        checkUnix(connection);
        if (!connection.isWritable()) {
            throw new ProcessStateException("Cannot send handles on a read-only connection");
        }
        try {
            connection.socket().sendDescriptors(descriptors.clone(), System.nanoTime() + TIMEOUT_NANOS);
        } catch (IOException e) {
            throw new EofException("Cannot send file descriptors on " + connection + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("sending handles on " + connection, e);
        }
    }

    /**
     * Receives the descriptors of one message sent by {@link #sendFds}. Python's
     * {@code reduction.recvfds(sock, size)}.
     *
     * @param connection a Unix-domain connection, readable
     * @param count      how many descriptors the message carries
     * @return new descriptors of this process, owned by the caller
     * @throws io.multiprocess.connection.EofException if the peer closed, or sent another number of descriptors
     *     (those that arrived are closed)
     */
    public static int[] recvFds(Connection connection, int count) {
        checkUnix(connection);
        if (!connection.isReadable()) {
            throw new ProcessStateException("Cannot receive handles on a write-only connection");
        }
        try {
            return connection.socket().receiveDescriptors(count, Long.MAX_VALUE);
        } catch (IOException e) {
            throw new EofException("No file descriptors received on " + connection + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("handles on " + connection, e);
        }
    }

    /**
     * Opens a received descriptor of a file (or pipe) as a {@link FileChannel}, through
     * {@code /proc/self/fd}; the channel is a new open file description (its own position), and the
     * descriptor is closed.
     *
     * @param fd      a received descriptor
     * @param options how to open it
     * @return the channel
     * @throws MultiprocessException if it cannot be opened (a socket, say: use {@link #openConnection})
     */
    public static FileChannel openFileChannel(int fd, OpenOption... options) {
        try {
            return FileChannel.open(Path.of("/proc/self/fd/" + fd), options);
        } catch (IOException e) {
            throw new MultiprocessException("Cannot open descriptor " + fd + " as a file: " + e, e);
        } finally {
            Sockets.close(fd);
        }
    }

    /**
     * Wraps a received socket descriptor as a duplex {@link Connection} of this library (framed messages).
     *
     * @param fd a connected stream socket; the connection owns it
     * @return the connection
     * @throws IllegalArgumentException if it is not a socket
     */
    public static Connection openConnection(int fd) {
        try {
            int family = NativeSocket.familyOf(fd);
            if (family < 0) {
                throw new IllegalArgumentException("Descriptor " + fd + " is not a socket");
            }
            return new Connection(
                    new NativeSocket(fd, family),
                    true,
                    true,
                    Listener.DEFAULT_MAX_FRAME,
                    null,
                    DefaultSettings.get().serializer());
        } catch (IOException e) {
            throw new IllegalArgumentException("Descriptor " + fd + " is not open: " + e.getMessage(), e);
        }
    }

    /**
     * Closes a descriptor received with {@link #recvHandle}.
     *
     * @param fd the descriptor
     */
    public static void close(int fd) {
        Sockets.close(fd);
    }

    private static void checkUnix(Connection connection) {
        if (connection.isClosed()) {
            throw new ProcessStateException("Connection " + connection + " is closed");
        }
        if (connection.socket().family() != Sockets.AF_UNIX) {
            throw new IllegalArgumentException("Handles can only be passed over Unix-domain connections (pipes, or "
                    + "listeners on a socket path); " + connection + " is a TCP connection");
        }
    }

    /** Finds the numeric descriptor inside JDK objects, reading private fields through Unsafe (no opens needed). */
    static final class Descriptors {

        private static final Object UNSAFE;
        private static final MethodHandle OBJECT_FIELD_OFFSET;
        private static final MethodHandle GET_INT;
        private static final MethodHandle GET_OBJECT;

        static {
            try {
                Class<?> type = Class.forName("sun.misc.Unsafe");
                Field field = type.getDeclaredField("theUnsafe");
                field.setAccessible(true);
                UNSAFE = field.get(null);
                var lookup = MethodHandles.lookup();
                OBJECT_FIELD_OFFSET = lookup.findVirtual(
                                type, "objectFieldOffset", MethodType.methodType(long.class, Field.class))
                        .bindTo(UNSAFE);
                GET_INT = lookup.findVirtual(type, "getInt", MethodType.methodType(int.class, Object.class, long.class))
                        .bindTo(UNSAFE);
                GET_OBJECT = lookup.findVirtual(
                                type, "getObject", MethodType.methodType(Object.class, Object.class, long.class))
                        .bindTo(UNSAFE);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private Descriptors() {}

        static int of(FileDescriptor descriptor) {
            try {
                long offset = (long) OBJECT_FIELD_OFFSET.invoke(FileDescriptor.class.getDeclaredField("fd"));
                return (int) GET_INT.invoke(descriptor, offset);
            } catch (Throwable e) {
                throw new IllegalArgumentException("Cannot read the descriptor number of " + descriptor + ": " + e, e);
            }
        }

        static int of(Channel channel) {
            for (Class<?> type = channel.getClass(); type != null; type = type.getSuperclass()) {
                try {
                    Field field = type.getDeclaredField("fd");
                    if (field.getType() == FileDescriptor.class) {
                        long offset = (long) OBJECT_FIELD_OFFSET.invoke(field);
                        return of((FileDescriptor) GET_OBJECT.invoke(channel, offset));
                    }
                } catch (NoSuchFieldException next) {
                    // Look in the superclass.
                } catch (Throwable e) {
                    throw new IllegalArgumentException("Cannot read the descriptor of " + channel + ": " + e, e);
                }
            }
            throw new IllegalArgumentException("Cannot find the file descriptor of a "
                    + channel.getClass().getName() + "; pass the descriptor number or a FileDescriptor instead");
        }
    }
}
