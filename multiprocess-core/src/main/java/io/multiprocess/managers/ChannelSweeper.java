package io.multiprocess.managers;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Closes, about once a second, the connections of client threads that ended, so that the server
 * releases what they held (a lock, say) and ends their server threads. One daemon thread per process,
 * running only while some client has connections open.
 */
final class ChannelSweeper {

    private static final Set<ManagerClient> CLIENTS = ConcurrentHashMap.newKeySet();
    private static @Nullable Thread thread;

    private ChannelSweeper() {}

    static void watch(ManagerClient client) {
        if (CLIENTS.add(client)) {
            start();
        }
    }

    private static synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = new Thread(ChannelSweeper::run, "multiprocess-manager-sweeper");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run() {
        while (true) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            CLIENTS.removeIf(client -> !client.sweep());
            synchronized (ChannelSweeper.class) {
                if (CLIENTS.isEmpty()) {
                    thread = null;
                    return;
                }
            }
        }
    }
}
