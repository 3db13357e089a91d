package io.multiprocess.connection;

import com.sun.jna.Memory;
import io.multiprocess.InterruptedOperationException;
import io.multiprocess.MultiprocessException;
import io.multiprocess.internal.posix.NativeSocket;
import io.multiprocess.internal.posix.Sockets;
import io.multiprocess.process.Sentinel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Waiting on several connections and processes at once. Python's
 * {@code multiprocessing.connection.wait(object_list, timeout)}.
 */
public final class Connections {

    private Connections() {}

    /**
     * Waits until at least one of the objects is ready, or the timeout passes: a {@link Connection} is
     * ready when a message (or its end of stream) can be received, a {@link Listener} when a peer that
     * completed (or failed) the handshake waits to be accepted (waiting on it starts its acceptor), a {@link Sentinel} (a process's {@code sentinel()}) when the process ended,
     * a JDK {@link Process} or {@link ProcessHandle} when it ended, and a file descriptor (an {@link Integer}:
     * a socket, pipe or eventfd this process owns, as Python accepts any object with a {@code fileno()}) when
     * it is readable.
     * Closed connections count as ready (receiving from them fails at once). One {@code poll(2)} over all
     * descriptors; sentinels signal an {@code eventfd} when they become ready, so nothing spins.
     *
     * @param objects connections, listeners, sentinels, {@link Process} and {@link ProcessHandle} objects (ready
     *                when the process has ended), and raw file descriptors as {@link Integer}s (ready when
     *                {@code poll(2)} reports them readable, closed or in error)
     * @param timeout how long to wait; null for ever, zero to check without waiting
     * @return the ready objects, in the order given; empty on timeout
     * @throws IllegalArgumentException for an object of another kind
     * @throws InterruptedOperationException if the thread is interrupted
     */
    public static List<Object> wait(Collection<?> objects, @Nullable Duration timeout) {
        List<Object> ready = new ArrayList<>();
        List<Object> polled = new ArrayList<>();
        List<Sentinel> sentinels = new ArrayList<>();
        Map<Sentinel, Object> exited = new IdentityHashMap<>();
        for (Object object : objects) {
            if (object instanceof Connection connection) {
                if (connection.isClosed()) {
                    ready.add(object);
                } else {
                    polled.add(object);
                }
            } else if (object instanceof Listener listener) {
                polled.add(listener);
            } else if (object instanceof Integer fd) {
                if (fd < 0) {
                    throw new IllegalArgumentException("Cannot wait on the file descriptor " + fd + ": it is negative");
                }
                polled.add(fd);
            } else if (object instanceof Process || object instanceof ProcessHandle) {
                Sentinel sentinel = jdkProcessSentinel(object);
                if (sentinel.isReady()) {
                    ready.add(object);
                }
                sentinels.add(sentinel);
                exited.put(sentinel, object);
            } else if (object instanceof Sentinel sentinel) {
                if (sentinel.isReady()) {
                    ready.add(object);
                }
                sentinels.add(sentinel);
            } else {
                throw new IllegalArgumentException("Cannot wait on " + object + " ("
                        + (object == null ? "null" : object.getClass().getName())
                        + "): pass Connections, Listeners, process Sentinels, java.lang.Process or ProcessHandle "
                        + "objects, or file descriptors (Integer) to poll for reading");
            }
        }
        if (!ready.isEmpty()) {
            return ordered(objects, ready, polled, null);
        }
        Signal signal = sentinels.isEmpty() ? null : new Signal();
        try {
            if (signal != null) {
                for (Sentinel sentinel : sentinels) {
                    sentinel.onReady().whenComplete((ignored, error) -> signal.fire());
                }
            }
            int count = polled.size() + (signal != null ? 1 : 0);
            Memory fds = new Memory(8L * Math.max(1, count));
            long deadline = Connection.deadline(timeout);
            while (true) {
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedOperationException(
                            "any of " + objects.size() + " objects", new InterruptedException());
                }
                for (int i = 0; i < polled.size(); i++) {
                    fds.setInt(8L * i, descriptor(polled.get(i)));
                    fds.setShort(8L * i + 4, Sockets.POLLIN);
                    fds.setShort(8L * i + 6, (short) 0);
                }
                if (signal != null) {
                    fds.setInt(8L * polled.size(), signal.fd);
                    fds.setShort(8L * polled.size() + 4, Sockets.POLLIN);
                    fds.setShort(8L * polled.size() + 6, (short) 0);
                }
                long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
                int slice = left == Long.MAX_VALUE
                        ? NativeSocket.SLICE_MILLIS
                        : (int) Math.max(
                                0, Math.min(NativeSocket.SLICE_MILLIS, TimeUnit.NANOSECONDS.toMillis(left + 999_999)));
                int n = Sockets.poll(NativeSocket.address(fds), count, slice);
                if (n < 0 && Sockets.errno() != Sockets.EINTR) {
                    throw new MultiprocessException("poll failed: " + Sockets.describe(Sockets.errno()));
                }
                if (n > 0) {
                    List<Object> found = new ArrayList<>();
                    for (int i = 0; i < polled.size(); i++) {
                        if (fds.getShort(8L * i + 6) != 0) {
                            found.add(polled.get(i));
                        }
                    }
                    for (Sentinel sentinel : sentinels) {
                        if (sentinel.isReady()) {
                            found.add(exited.getOrDefault(sentinel, sentinel));
                        }
                    }
                    if (!found.isEmpty()) {
                        return ordered(objects, found, polled, null);
                    }
                }
                if (left <= 0 || (deadline != Long.MAX_VALUE && deadline - System.nanoTime() <= 0)) {
                    return List.of();
                }
            }
        } finally {
            if (signal != null) {
                signal.close();
            }
        }
    }

    /** A JDK process or process handle seen as a sentinel: ready when the process has ended. */
    private static Sentinel jdkProcessSentinel(Object process) {
        CompletableFuture<?> exit = process instanceof Process p ? p.onExit() : ((ProcessHandle) process).onExit();
        return new Sentinel() {
            @Override
            public boolean isReady() {
                return exit.isDone()
                        || !(process instanceof Process p ? p.isAlive() : ((ProcessHandle) process).isAlive());
            }

            @Override
            public CompletableFuture<Void> onReady() {
                return exit.thenApply(ended -> null);
            }
        };
    }

    private static int descriptor(Object object) {
        if (object instanceof Integer raw) {
            return raw;
        }
        int fd = object instanceof Connection connection ? connection.socket().fd() : ((Listener) object).readinessFd();
        // A closed descriptor polls as POLLNVAL, i.e. ready: receiving then fails at once.
        return fd < 0 ? Integer.MAX_VALUE : fd;
    }

    private static List<Object> ordered(
            Collection<?> objects, List<Object> found, List<Object> polled, @Nullable Object unused) {
        List<Object> result = new ArrayList<>();
        for (Object object : objects) {
            if (found.stream().anyMatch(f -> f == object) && result.stream().noneMatch(r -> r == object)) {
                result.add(object);
            }
        }
        return result;
    }

    /** An eventfd that sentinels write to when they become ready; writes after close are dropped. */
    private static final class Signal {
        private final int fd;
        private boolean closed;

        Signal() {
            fd = Sockets.eventfd(0, Sockets.EFD_CLOEXEC_NONBLOCK);
            if (fd < 0) {
                throw new MultiprocessException("eventfd failed: " + Sockets.describe(Sockets.errno()));
            }
        }

        synchronized void fire() {
            if (!closed) {
                Memory one = new Memory(8);
                one.setLong(0, 1);
                Sockets.write(fd, NativeSocket.address(one), 8);
            }
        }

        synchronized void close() {
            if (!closed) {
                closed = true;
                Sockets.close(fd);
            }
        }
    }
}
