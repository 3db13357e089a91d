package io.multiprocess.managers;

import io.multiprocess.managers.server.Server;
import java.time.Duration;

/** A manager's server running on a thread of the test JVM, stopped (and its thread joined) on close. */
final class ServedHere<M extends BaseManager> implements AutoCloseable {

    final M manager;
    final Server server;
    private final Thread thread;

    ServedHere(M manager) {
        this.manager = manager;
        this.server = manager.getServer();
        this.thread = new Thread(server::serveForever, "test-manager-server");
        thread.setDaemon(true);
        thread.start();
    }

    static ServedHere<SyncManager> syncManager() {
        return new ServedHere<>(new SyncManager());
    }

    @Override
    public void close() throws InterruptedException {
        manager.close();
        thread.join(Duration.ofSeconds(30).toMillis());
    }
}
