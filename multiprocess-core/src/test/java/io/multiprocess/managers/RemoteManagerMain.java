package io.multiprocess.managers;

import io.multiprocess.managers.server.ServedTypes;
import io.multiprocess.managers.server.Server;
import io.multiprocess.sharedmemory.ShareableList;
import io.multiprocess.sharedmemory.SharedMemory;
import io.multiprocess.testing.ChildFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Separate JVMs for {@link RemoteManagerIT} and {@link SharedMemoryManagerContract}: Python's remote manager
 * examples, with the arguments {@code <mode> <port> <key> <file> [<key store for TLS>]}.
 *
 * <ul>
 *   <li>{@code serve}: serves a queue ({@code get_queue}) and locks on 127.0.0.1, writes its port to the
 *       file, and serves until its standard input closes.</li>
 *   <li>{@code put}: puts the file argument's text into the queue.</li>
 *   <li>{@code get}: takes an item from the queue (waiting up to a minute) and writes it to the file.</li>
 *   <li>{@code hold}: creates objects and takes the shared lock ({@code get_lock}), writes the file, and
 *       sleeps until killed.</li>
 *   <li>{@code smm}: starts a SharedMemoryManager, creates a block and a list, writes their names to the
 *       file, and sleeps until killed.</li>
 * </ul>
 * Exit code 3 means an authentication failure.
 */
public final class RemoteManagerMain {

    private static final BlockingQueue<Object> QUEUE = new LinkedBlockingQueue<>();
    private static Object sharedLock;

    private static synchronized Object sharedLock() {
        if (sharedLock == null) {
            sharedLock = ServedTypes.factory("Lock").apply(new Object[0]);
        }
        return sharedLock;
    }

    private RemoteManagerMain() {}

    /** Python's QueueManager: the same registrations on both sides, factories only where it serves. */
    static final class QueueManager extends BaseManager {
        QueueManager(SocketAddress address, byte[] key, boolean serving) {
            super(address, key);
            if (serving) {
                register("get_queue", () -> QUEUE, BlockingQueue.class);
                register("Lock", args -> ServedTypes.factory("Lock").apply(args), LockProxy.class, null, null, true);
                register("get_lock", args -> sharedLock(), LockProxy.class, null, null, true);
            } else {
                register("get_queue", BlockingQueue.class);
                register("Lock", LockProxy.class);
                register("get_lock", LockProxy.class);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int port = Integer.parseInt(args[1]);
        byte[] key = args[2].getBytes(StandardCharsets.UTF_8);
        Path file = Path.of(args[3]);
        Path keyStore = args.length > 4 ? Path.of(args[4]) : null;
        try {
            run(mode, port, key, file, keyStore);
        } catch (io.multiprocess.AuthenticationException e) {
            System.err.println("authentication failed: " + e.getMessage());
            System.exit(3);
        }
        System.exit(0);
    }

    private static void run(String mode, int port, byte[] key, Path file, Path keyStore) throws Exception {
        if (mode.equals("smm")) {
            holdSharedMemory(file);
            return;
        }
        InetSocketAddress address = new InetSocketAddress(
                mode.equals("serve")
                        ? InetAddress.getLoopbackAddress()
                        : InetAddress.getByName(keyStore != null ? "localhost" : "127.0.0.1"),
                port);
        QueueManager manager = new QueueManager(address, key, mode.equals("serve"));
        if (keyStore != null) {
            manager.withTls(
                    mode.equals("serve") ? () -> TlsFixtures.server(keyStore) : () -> TlsFixtures.client(keyStore));
        }
        switch (mode) {
            case "serve": {
                Server server = manager.getServer();
                ChildFiles.write(file, Integer.toString(((InetSocketAddress) server.address()).getPort()));
                Thread watch = new Thread(() -> {
                    try {
                        while (System.in.read() >= 0) {
                            // Serve until the test closes our standard input.
                        }
                    } catch (IOException ignored) {
                        // Stop.
                    }
                    server.stop();
                });
                watch.setDaemon(true);
                watch.start();
                server.serveForever();
                break;
            }
            case "put": {
                manager.connect();
                BlockingQueue<Object> queue = manager.create("get_queue");
                queue.put(ChildFiles.read(file));
                break;
            }
            case "get": {
                manager.connect();
                BlockingQueue<Object> queue = manager.create("get_queue");
                Object item = queue.poll(60, TimeUnit.SECONDS);
                ChildFiles.write(file, String.valueOf(item));
                break;
            }
            case "hold": {
                manager.connect();
                LockProxy lock = manager.create("get_lock");
                lock.lock();
                List<Object> held = List.of(manager.create("get_queue"), manager.create("get_queue"), lock);
                ChildFiles.write(file, Integer.toString(held.size()));
                ChildFiles.sleepForever();
                break;
            }
            default:
                throw new IllegalArgumentException(mode);
        }
    }

    private static void holdSharedMemory(Path file) {
        SharedMemoryManager smm = new SharedMemoryManager().withShutdownTimeout(Duration.ofSeconds(30));
        smm.start();
        SharedMemory block = smm.sharedMemory(4096);
        ShareableList list = smm.shareableList(List.of(1, "two", 3.0));
        ChildFiles.write(
                file,
                block.name() + "\n" + list.shm().name() + "\n" + smm.serverPid().getAsLong());
        ChildFiles.sleepForever();
    }
}
