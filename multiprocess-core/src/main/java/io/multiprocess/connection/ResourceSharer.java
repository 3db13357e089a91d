package io.multiprocess.connection;

import io.multiprocess.MultiprocessException;
import io.multiprocess.internal.posix.NativeSocket;
import io.multiprocess.internal.posix.Sockets;
import io.multiprocess.internal.start.StartingChild;
import io.multiprocess.serialization.KryoSerializer;
import io.multiprocess.util.ProcessTempDir;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Hands copies of this process's file descriptors to other processes that present a ticket. Python's
 * {@code multiprocessing.resource_sharer}.
 *
 * <p>{@link #share(int)} duplicates a descriptor and returns a {@link Share} whose {@link Ticket} holds
 * this process's pid, the path of its sharer socket (in the private 0700 directory), a random id and a
 * random key. The ticket travels inside serialized data (a process argument, a queue item, a task of a
 * pool sent to several workers). {@link Ticket#redeem()} in another process connects to the sharer,
 * names the id, proves the key with the HMAC handshake (both ways), and receives a copy of the
 * descriptor with {@code SCM_RIGHTS}; redeemed in the sharing process itself, it takes a duplicate
 * directly. A ticket can be redeemed any number of times, by any number of processes, until the
 * sharing object revokes its share or the sharing process ends: like a descriptor inherited through
 * {@code fork()}, every receiver gets its own copy of the same open file. An object revokes its share
 * {@link #REVOKE_AFTER} after it is closed, not at once, so that Python's idiom works: start a child
 * with one end of a pipe, then close that end in the parent while the child is still fetching it.
 *
 * <p>An object shares its descriptor once and reuses the ticket for every serialization, so the
 * sharer holds at most one duplicate per shared object.
 *
 * <p>A descriptor shared for a single redemption ({@link #shareOnce(int)}, a connection's end) is
 * released when it cannot be received any more: when the child whose start sent it has ended (or could
 * not start), or {@link #UNRECEIVED_EXPIRY} after it was sent elsewhere.
 *
 * <p>The sharer is one daemon thread that accepts requests and serves each on a thread of its own,
 * bounded by {@link #HANDSHAKE}; it starts with the first share.
 *
 * <p>The library's connections and queues use it to travel.
 */
public final class ResourceSharer {

    /**
     * How long one request may take, on either side: long, because a receiver starved of CPU on a loaded
     * machine is slow, not gone (requests are served in parallel, so a slow one delays no other), and a
     * sharing process that ends closes the connection, which ends the wait at once.
     */
    static final Duration HANDSHAKE = Duration.ofMinutes(2);

    /**
     * How long a serialized connection end that was not sent to a starting child stays receivable: its
     * receiver may read it from a queue or a pipe much later, but an end never received must not hold a
     * descriptor for ever. Ends sent to a starting child are released when that child ends.
     */
    public static final Duration UNRECEIVED_EXPIRY = Duration.ofMinutes(10);

    /** The most requests served at once; further requesters wait in the socket's backlog. */
    private static final int MAX_PARALLEL_REQUESTS = 64;

    /** How long a closed object's share stays redeemable, for receivers that were sent it before. */
    public static final Duration REVOKE_AFTER = Duration.ofSeconds(30);

    private static final ScheduledExecutorService REVOKER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "multiprocess-share-revoker");
        thread.setDaemon(true);
        return thread;
    });

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<Long, Entry> ENTRIES = new ConcurrentHashMap<>();
    private static final long PID = ProcessHandle.current().pid();
    private static volatile @Nullable Path address;
    private static @Nullable NativeSocket server;
    private static @Nullable Thread serving;

    private record Entry(int fd, byte[] secret, boolean once) {}

    private ResourceSharer() {}

    /**
     * Registers a duplicate of a descriptor, to be fetched by other processes until revoked.
     *
     * @param fd a descriptor of this process
     * @return the share, whose ticket travels and which its owner revokes when it closes
     * @throws MultiprocessException if the descriptor cannot be duplicated or the sharer cannot start
     */
    public static Share share(int fd) {
        return share(fd, false);
    }

    /**
     * Registers a duplicate of a descriptor for a single redemption, after which the sharer closes its
     * duplicate. For sockets: a duplicate kept by the sharer would hold the connection open, and its
     * peer would never see end-of-stream.
     *
     * @param fd a descriptor of this process
     * @return the share, whose ticket can be redeemed once
     * @throws MultiprocessException if the descriptor cannot be duplicated or the sharer cannot start
     */
    public static Share shareOnce(int fd) {
        Share share = share(fd, true);
        // Sent to a child being started: once that child ended (or could not start), nobody will take it.
        // Sent elsewhere (a queue, another connection, bytes kept somewhere): taken by UNRECEIVED_EXPIRY, or never.
        if (!StartingChild.whenEnded(share::revoke)) {
            REVOKER.schedule(share::revoke, UNRECEIVED_EXPIRY.toMillis(), TimeUnit.MILLISECONDS);
        }
        return share;
    }

    private static Share share(int fd, boolean once) {
        Path path = ensureServing();
        int copy = Sockets.dup(fd);
        if (copy < 0) {
            throw new MultiprocessException(
                    "Cannot share file descriptor " + fd + ": " + Sockets.describe(Sockets.errno()));
        }
        long id;
        do {
            id = RANDOM.nextLong();
        } while (id == 0 || ENTRIES.containsKey(id));
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        ENTRIES.put(id, new Entry(copy, secret, once));
        return new Share(new Ticket(PID, path.toString(), id, secret));
    }

    /**
     * A descriptor registered with the sharer, by the object that owns it.
     */
    public static final class Share {

        private final Ticket ticket;

        private Share(Ticket ticket) {
            this.ticket = ticket;
        }

        /**
         * The claim that travels in serialized data.
         *
         * @return the ticket
         */
        public Ticket ticket() {
            return ticket;
        }

        /**
         * Withdraws the share: later redemptions fail, and the sharer's duplicate is closed. Copies already
         * received elsewhere stay open. Revoking twice does nothing.
         */
        public void revoke() {
            Entry entry = ENTRIES.remove(ticket.id());
            if (entry != null) {
                synchronized (entry) {
                    Sockets.close(entry.fd());
                }
            }
        }

        /** Withdraws the share {@link #REVOKE_AFTER} from now, when its owner was closed. */
        public void revokeLater() {
            REVOKER.schedule(this::revoke, REVOKE_AFTER.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** How many shared descriptors are registered (for tests). */
    static int pending() {
        return ENTRIES.size();
    }

    private static synchronized Path ensureServing() {
        if (address != null) {
            return address;
        }
        Path path = ProcessTempDir.get().resolve("sharer.sock");
        try {
            Files.deleteIfExists(path);
            server = NativeSocket.listen(UnixDomainSocketAddress.of(path), 64);
        } catch (IOException e) {
            throw new MultiprocessException("Cannot start the resource sharer at " + path + ": " + e.getMessage(), e);
        }
        NativeSocket listening = server;
        Thread thread = new Thread(() -> serve(listening), "multiprocess-resource-sharer");
        thread.setDaemon(true);
        thread.start();
        serving = thread;
        address = path;
        return path;
    }

    /**
     * Stops the sharer: every share is revoked (tickets not yet redeemed fail, their descriptors are
     * closed), its socket file is removed and its thread ends. Python's {@code resource_sharer.stop(timeout)}.
     * The next {@link #share(int)} starts it again; copies already received elsewhere stay open.
     *
     * @param timeout how long to wait for the sharer's thread to end
     * @return true if it ended in time, or was not running
     * @throws InterruptedException if interrupted while waiting
     */
    public static boolean stop(Duration timeout) throws InterruptedException {
        Thread thread;
        synchronized (ResourceSharer.class) {
            for (Long id : List.copyOf(ENTRIES.keySet())) {
                Entry entry = ENTRIES.remove(id);
                if (entry != null) {
                    synchronized (entry) {
                        Sockets.close(entry.fd());
                    }
                }
            }
            thread = serving;
            NativeSocket listening = server;
            Path path = address;
            serving = null;
            server = null;
            address = null;
            if (listening != null) {
                listening.close();
            }
            if (path != null) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // The process's temporary directory is removed at exit anyway.
                }
            }
        }
        if (thread == null) {
            return true;
        }
        thread.join(Math.max(1, timeout.toMillis()));
        return !thread.isAlive();
    }

    /**
     * Whether the sharer is serving (it starts with the first share).
     *
     * @return true while its thread runs
     */
    public static boolean isRunning() {
        Thread thread = serving;
        return thread != null && thread.isAlive();
    }

    private static void serve(NativeSocket server) {
        Semaphore slots = new Semaphore(MAX_PARALLEL_REQUESTS);
        while (true) {
            NativeSocket accepted;
            try {
                slots.acquire();
                accepted = server.accept(Long.MAX_VALUE);
            } catch (IOException | InterruptedException e) {
                return;
            }
            if (accepted == null) {
                slots.release();
                continue;
            }
            // One thread per request: a requester that is slow (starved of CPU) or silent must not hold up the
            // others until its deadline, which made children's starts fail on a loaded machine.
            Thread worker = new Thread(
                    () -> {
                        try {
                            handle(accepted);
                        } catch (RuntimeException | IOException | InterruptedException e) {
                            // A failed request only concerns its requester, which sees the connection close.
                        } finally {
                            accepted.close();
                            slots.release();
                        }
                    },
                    "multiprocess-resource-sharer-request");
            worker.setDaemon(true);
            try {
                worker.start();
            } catch (OutOfMemoryError | RuntimeException noThread) {
                accepted.close();
                slots.release();
            }
        }
    }

    private static void handle(NativeSocket socket) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + HANDSHAKE.toNanos();
        Connection connection =
                new Connection(socket, true, true, Authentication.MAX_FRAME, HANDSHAKE, KryoSerializer.class.getName());
        byte[] request = connection.readFrame(8, deadline);
        if (request.length != 8) {
            return;
        }
        long id = ByteBuffer.wrap(request).getLong();
        Entry entry = ENTRIES.get(id);
        if (entry == null) {
            return;
        }
        Authentication.asServer(connection, entry.secret(), deadline);
        // Revocation closes the duplicate: send a fresh duplicate, taken while the entry is still registered.
        int copy;
        synchronized (entry) {
            if (ENTRIES.get(id) != entry) {
                return;
            }
            if (entry.once()) {
                ENTRIES.remove(id);
                copy = entry.fd();
            } else {
                copy = Sockets.dup(entry.fd());
            }
        }
        if (copy < 0) {
            return;
        }
        try {
            socket.sendDescriptor(copy, deadline);
        } finally {
            Sockets.close(copy);
        }
    }

    /**
     * A claim on a shared descriptor, valid until its share is revoked.
     *
     * @param pid    the sharing process
     * @param path   its sharer's socket
     * @param id     the claim's id
     * @param secret the key proving the claim
     */
    public record Ticket(long pid, String path, long id, byte[] secret) implements Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        /**
         * Fetches the descriptor.
         *
         * @return a descriptor of this process, owned by the caller
         * @throws MultiprocessException if the sharing process is gone or the sharing object was closed
         */
        public int redeem() {
            if (pid == PID) {
                Entry entry = ENTRIES.get(id);
                int copy = -1;
                if (entry != null) {
                    synchronized (entry) {
                        if (ENTRIES.get(id) == entry) {
                            if (entry.once()) {
                                ENTRIES.remove(id);
                                copy = entry.fd();
                            } else {
                                copy = Sockets.dup(entry.fd());
                            }
                        }
                    }
                }
                if (copy < 0) {
                    throw new MultiprocessException(
                            "This serialized connection or queue can no longer be received here: a "
                                    + "serialized connection can be received once, and a queue only while it is open in this process");
                }
                return copy;
            }
            long deadline = System.nanoTime() + HANDSHAKE.toNanos();
            NativeSocket socket;
            try {
                socket = NativeSocket.connect(UnixDomainSocketAddress.of(path));
            } catch (IOException e) {
                throw new MultiprocessException(
                        "Cannot fetch a connection from process " + pid + ": its resource sharer at "
                                + path + " does not answer (" + e.getMessage()
                                + "); the sending process must still run when the "
                                + "receiver reads the connection",
                        e);
            }
            try {
                Connection connection = new Connection(
                        socket, true, true, Authentication.MAX_FRAME, HANDSHAKE, KryoSerializer.class.getName());
                connection.sendBytes(ByteBuffer.allocate(8).putLong(id).array());
                Authentication.asClient(connection, secret, deadline);
                return socket.receiveDescriptor(deadline);
            } catch (IOException | RuntimeException e) {
                throw new MultiprocessException(
                        "Cannot fetch a connection or queue from process " + pid + ": "
                                + e.getMessage()
                                + " (a serialized connection can be received once; a queue only while it is open in "
                                + "the sending process)",
                        e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new io.multiprocess.InterruptedOperationException("a connection from process " + pid, e);
            } finally {
                socket.close();
            }
        }
    }
}
