package io.multiprocess.pool;

import io.multiprocess.util.ProcessTempDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Where a pool's Unix-domain socket lives: in this process's private temporary directory (mode 0700,
 * see {@link ProcessTempDir}), so that only this user can connect to it; and its removal. Internal.
 */
final class PoolSocket {

    private static final SecureRandom RANDOM = new SecureRandom();

    private PoolSocket() {}

    /**
     * A fresh socket path for one pool: {@code pool-<pool number>-<random>.sock} in the private directory.
     *
     * @param poolNumber the pool's number in this JVM
     * @return a path that does not exist yet
     */
    static Path newPath(int poolNumber) {
        return ProcessTempDir.get()
                .resolve("pool-" + poolNumber + "-" + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36) + ".sock");
    }

    /** Removes the socket file; quietly, since this runs while pools end. */
    static void delete(Path socket) {
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // The private directory is removed at exit anyway.
        }
    }
}
