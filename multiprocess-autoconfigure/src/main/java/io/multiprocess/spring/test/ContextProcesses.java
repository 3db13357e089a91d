package io.multiprocess.spring.test;

import io.multiprocess.pool.PoolBuilder;
import io.multiprocess.pool.PoolListener;
import io.multiprocess.spring.autoconfigure.PoolBuilderCustomizer;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * What the application context of a test owns, for {@link NoLeftoversExtension}: the pids of the workers
 * its auto-configured pool started (a listener added through the pool's builder) and when the pool
 * started. Registered by {@link MultiprocessTestContextCustomizer} in the contexts of test classes that
 * {@link NoLeftovers} checks. A cached context outlives the test that first used its lazy pool; its
 * workers are the context's, and its close ends them.
 */
final class ContextProcesses implements PoolBuilderCustomizer {

    /** The bean's name in the test's application context. */
    static final String BEAN_NAME = "multiprocessTestContextProcesses";

    private final Set<Long> workers = ConcurrentHashMap.newKeySet();
    private volatile @Nullable Instant poolStarted;

    @Override
    public void customize(PoolBuilder builder) {
        builder.listener(new PoolListener() {
            @Override
            public void workerStarted(long pid, boolean replacement) {
                if (poolStarted == null) {
                    poolStarted = Instant.now();
                }
                workers.add(pid);
            }
        });
    }

    /** Pids of every worker the context's pool started (ended ones too). */
    Set<Long> workers() {
        return Set.copyOf(workers);
    }

    /** When the context's pool started its first worker, or null if it did not. */
    @Nullable
    Instant poolStarted() {
        return poolStarted;
    }
}
