package io.multiprocess.spring.test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a test's application context owns, so that it is not counted against the test: processes (its
 * pool's workers, its manager's server), socket files (its manager's), and when its pool started (the
 * pool socket made then is its own).
 *
 * @param pids        processes of the context
 * @param socketFiles socket files of the context
 * @param poolStarted when the context's process pool started its first worker, or null
 */
record OwnedByContext(
        Set<Long> pids, Set<Path> socketFiles, @Nullable Instant poolStarted) {

    /** Nothing: a test without an application context. */
    static final OwnedByContext NOTHING = new OwnedByContext(Set.of(), Set.of(), null);
}
