package io.multiprocess.connection;

import io.multiprocess.MultiprocessException;
import io.multiprocess.internal.posix.NativeSocket;
import io.multiprocess.internal.posix.PrivateDirectory;
import io.multiprocess.internal.posix.Sockets;
import io.multiprocess.serialization.KryoSerializer;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands copies of this process's file descriptors to other processes that present a ticket. Python's
 * {@code multiprocessing.resource_sharer}.
 *
 * <p>{@link #share(int)} duplicates a descriptor and returns a {@link Ticket}: this process's pid, the
 * path of its sharer socket (in the private 0700 directory), a random id and a random one-time key.
 * The ticket travels inside serialized data (a process argument, a queue item). {@link Ticket#redeem()}
 * in another process connects to the sharer, names the id, proves the one-time key with the HMAC
 * handshake (both ways), and receives the descriptor with {@code SCM_RIGHTS}; the sharer then closes
 * its duplicate and forgets the ticket. Redeemed in the sharing process itself, a ticket takes the
 * duplicate directly.
 *
 * <p>The sharer is one daemon thread that serves requests one after another, each bounded by
 * {@link #HANDSHAKE}; it starts with the first share. Duplicates whose tickets are never redeemed stay
 * open until this process exits.
 *
 * <p>Internal API: the library's connections and queues use it to travel.
 */
public final class ResourceSharer {

    static final Duration HANDSHAKE = Duration.ofSeconds(10);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<Long, Entry> ENTRIES = new ConcurrentHashMap<>();
    private static final long PID = ProcessHandle.current().pid();
    private static volatile Path address;
    private static NativeSocket server;

    private record Entry(int fd, byte[] secret) {
    }

    private ResourceSharer() {
    }

    /**
     * Registers a duplicate of a descriptor for one redemption.
     *
     * @param fd a descriptor of this process
     * @return the ticket
     * @throws MultiprocessException if the descriptor cannot be duplicated or the sharer cannot start
     */
    public static Ticket share(int fd) {
        Path path = ensureServing();
        int copy = Sockets.dup(fd);
        if (copy < 0) {
            throw new MultiprocessException("Cannot share file descriptor " + fd + ": " + Sockets.describe(Sockets.errno()));
        }
        long id;
        do {
            id = RANDOM.nextLong();
        } while (id == 0 || ENTRIES.containsKey(id));
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        ENTRIES.put(id, new Entry(copy, secret));
        return new Ticket(PID, path.toString(), id, secret);
    }

    /** How many shared descriptors wait for redemption (for tests). */
    static int pending() {
        return ENTRIES.size();
    }

    private static synchronized Path ensureServing() {
        if (address != null) {
            return address;
        }
        Path path = PrivateDirectory.get().resolve("sharer.sock");
        try {
            Files.deleteIfExists(path);
            server = NativeSocket.listen(UnixDomainSocketAddress.of(path), 64);
        } catch (IOException e) {
            throw new MultiprocessException("Cannot start the resource sharer at " + path + ": " + e.getMessage(), e);
        }
        Thread thread = new Thread(ResourceSharer::serve, "multiprocess-resource-sharer");
        thread.setDaemon(true);
        thread.start();
        address = path;
        return path;
    }

    private static void serve() {
        while (true) {
            NativeSocket accepted;
            try {
                accepted = server.accept(Long.MAX_VALUE);
            } catch (IOException | InterruptedException e) {
                return;
            }
            if (accepted != null) {
                try {
                    handle(accepted);
                } catch (RuntimeException | IOException | InterruptedException e) {
                    // A failed request only concerns its requester, which sees the connection close.
                } finally {
                    accepted.close();
                }
            }
        }
    }

    private static void handle(NativeSocket socket) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + HANDSHAKE.toNanos();
        Connection connection = new Connection(socket, true, true, Authentication.MAX_FRAME, HANDSHAKE, KryoSerializer.class.getName());
        byte[] request = connection.readFrame(8, deadline);
        if (request.length != 8) {
            return;
        }
        long id = java.nio.ByteBuffer.wrap(request).getLong();
        Entry entry = ENTRIES.get(id);
        if (entry == null) {
            return;
        }
        Authentication.asServer(connection, entry.secret(), deadline);
        if (ENTRIES.remove(id, entry)) {
            try {
                socket.sendDescriptor(entry.fd(), deadline);
            } finally {
                Sockets.close(entry.fd());
            }
        }
    }

    /**
     * A one-time claim on a shared descriptor.
     *
     * @param pid    the sharing process
     * @param path   its sharer's socket
     * @param id     the claim's id
     * @param secret the one-time key proving the claim
     */
    public record Ticket(long pid, String path, long id, byte[] secret) implements Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        /**
         * Fetches the descriptor.
         *
         * @return a descriptor of this process, owned by the caller
         * @throws MultiprocessException if the sharing process is gone or the ticket was redeemed before
         */
        public int redeem() {
            if (pid == PID) {
                Entry entry = ENTRIES.remove(id);
                if (entry == null) {
                    throw new MultiprocessException("This serialized connection was already received once; each serialized "
                        + "copy can be received once (serialize it again to pass it again)");
                }
                return entry.fd();
            }
            long deadline = System.nanoTime() + HANDSHAKE.toNanos();
            NativeSocket socket;
            try {
                socket = NativeSocket.connect(UnixDomainSocketAddress.of(path));
            } catch (IOException e) {
                throw new MultiprocessException("Cannot fetch a connection from process " + pid + ": its resource sharer at "
                    + path + " does not answer (" + e.getMessage() + "); the sending process must still run when the "
                    + "receiver reads the connection", e);
            }
            try {
                Connection connection = new Connection(socket, true, true, Authentication.MAX_FRAME, HANDSHAKE,
                    KryoSerializer.class.getName());
                connection.sendBytes(java.nio.ByteBuffer.allocate(8).putLong(id).array());
                Authentication.asClient(connection, secret, deadline);
                return socket.receiveDescriptor(deadline);
            } catch (IOException | RuntimeException e) {
                throw new MultiprocessException("Cannot fetch a connection from process " + pid + ": " + e.getMessage()
                    + " (was this serialized copy received before? each can be received once)", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new io.multiprocess.InterruptedOperationException("a connection from process " + pid, e);
            } finally {
                socket.close();
            }
        }
    }
}
