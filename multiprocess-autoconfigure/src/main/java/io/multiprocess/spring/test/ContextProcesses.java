package io.multiprocess.spring.test;

import io.multiprocess.managers.SyncManager;
import io.multiprocess.pool.PoolBuilder;
import io.multiprocess.pool.PoolListener;
import io.multiprocess.spring.autoconfigure.PoolBuilderCustomizer;
import io.multiprocess.spring.managers.ManagedSyncManager;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * What the application context of a Spring test owns, for {@link NoLeftoversExtension}: the workers its
 * auto-configured pool started (seen through a listener added to the pool's builder), when that pool
 * started, and its {@code SyncManager}'s server and socket. Spring's test framework caches contexts
 * across test classes, so a context outlives the test that first used its lazy pool or manager; their
 * processes are the context's until it closes, and then they must end like any other.
 *
 * <p>Registered by {@link MultiprocessTestContextCustomizer} in every test context (so that the check
 * does not change the context cache key), and listed among the open contexts until the context closes.
 */
final class ContextProcesses implements PoolBuilderCustomizer {

    /** The bean's name in the test's application context. */
    static final String BEAN_NAME = "multiprocessTestContextProcesses";

    private static final Set<ContextProcesses> OPEN = ConcurrentHashMap.newKeySet();

    private final ConfigurableApplicationContext context;
    private final Set<Long> workers = ConcurrentHashMap.newKeySet();
    private volatile @Nullable Instant poolStarted;

    private ContextProcesses(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * Registers the record in {@code context} (before its refresh) and lists it until the context closes.
     *
     * @param context the test's application context
     */
    static void register(ConfigurableApplicationContext context) {
        ContextProcesses processes = new ContextProcesses(context);
        context.getBeanFactory().registerSingleton(BEAN_NAME, processes);
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
                OPEN.remove(processes);
            }
        });
        OPEN.add(processes);
    }

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

    /**
     * What the open test contexts of this JVM own now.
     *
     * @return their processes, socket files and pool start times; nothing without an open test context
     */
    static OwnedByContext ownedByOpenContexts() {
        Set<Long> pids = new HashSet<>();
        Set<Path> sockets = new HashSet<>();
        List<Instant> poolStarts = new ArrayList<>();
        for (ContextProcesses open : OPEN) {
            if (!open.context.isActive()) {
                // Its refresh failed, or it is closing: what it started is no longer owned.
                continue;
            }
            pids.addAll(open.workers);
            Instant started = open.poolStarted;
            if (started != null) {
                poolStarts.add(started);
            }
            for (ManagedSyncManager managed : open.context
                    .getBeansOfType(ManagedSyncManager.class, false, false)
                    .values()) {
                managed.startedManager().ifPresent(manager -> addManager(manager, pids, sockets));
            }
        }
        return new OwnedByContext(Set.copyOf(pids), Set.copyOf(sockets), List.copyOf(poolStarts));
    }

    private static void addManager(SyncManager manager, Set<Long> pids, Set<Path> sockets) {
        manager.serverPid().ifPresent(pids::add);
        if (manager.address() instanceof UnixDomainSocketAddress unix) {
            sockets.add(unix.getPath().toAbsolutePath());
        }
    }
}
