package io.multiprocess.spring.dashboard;

import io.multiprocess.pool.Pool;
import io.multiprocess.pool.PoolBuilder;
import io.multiprocess.pool.PoolStats;
import io.multiprocess.spring.monitor.PoolActivity;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Gives every pool built from the application's {@code ProcessContext} (a {@code Pool} bean of the
 * application, a pool a service builds at run time) a {@link PoolActivity} of its own, so that the
 * dashboard draws it: the context's pool customizer ({@code ProcessContext.withPoolCustomizer}). Pools are
 * named as their metrics are: the bean name for a pool that is a bean, {@code pool-1}, {@code pool-2}... in
 * build order for the others (those built while the application context starts are numbered once every
 * singleton is created).
 *
 * <p>Bounded: a pool that terminated is dropped once it has been seen terminated (at a reading, or when
 * another pool is built) for longer than the window given to {@link #activities(Duration)} (the
 * dashboard's dead-worker window), so that its last failures stay visible that long; and at most
 * {@value #ENDED_CAPACITY} terminated pools are kept, the newest. Builders passed to {@link #exclude(PoolBuilder)} (the auto-configured
 * pool's, which has its own activity bean) are left out, and so are, when read, the pools that another
 * activity reports already.
 */
public class ContextPoolActivities implements Consumer<PoolBuilder>, BeanPostProcessor, SmartInitializingSingleton {

    /** How many terminated pools are kept at most, whatever their age: a pool per request stays bounded. */
    public static final int ENDED_CAPACITY = 16;

    private final Clock clock;
    /** The window of the last reading: also applied when a pool is built, so that nobody has to watch. */
    private volatile Duration keepEnded = Duration.ofMinutes(10);

    private final Set<PoolBuilder> excluded =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    /** The built pools, in build order; guarded by itself. */
    private final List<Entry> entries = new ArrayList<>();

    private boolean started;
    private int unnamed;

    /** Activities on the system clock. */
    public ContextPoolActivities() {
        this(Clock.systemUTC());
    }

    /**
     * Activities whose pools' ends are timed on {@code clock}.
     *
     * @param clock the clock
     */
    public ContextPoolActivities(Clock clock) {
        this.clock = clock;
    }

    /**
     * Makes the pools this builder builds report to an activity of their own.
     *
     * @param builder a new builder of the context
     */
    @Override
    public void accept(PoolBuilder builder) {
        Entry entry = new Entry();
        builder.listener(entry.activity).onBuild(pool -> {
            entry.pool.set(pool);
            if (!excluded.contains(builder)) {
                built(entry);
            }
        });
    }

    /**
     * Leaves the pools of this builder out from here: for a pool whose activity is a bean already.
     *
     * @param builder a builder that this object customized
     */
    public void exclude(PoolBuilder builder) {
        excluded.add(builder);
    }

    private void built(Entry entry) {
        long now = clock.millis();
        synchronized (entries) {
            if (started) {
                entry.name = "pool-" + ++unnamed;
            }
            prune(now, keepEnded);
            entries.add(entry);
        }
    }

    /** Forgets the pools that ended longer than {@code keep} ago, and the oldest ended beyond the capacity. */
    private void prune(long now, Duration keep) {
        entries.removeIf(entry -> entry.endedLongerThan(now, keep.toMillis()));
        int ended = 0;
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).endedAt >= 0 && ++ended > ENDED_CAPACITY) {
                entries.remove(i);
            }
        }
    }

    /** Names a pool bean built during start-up after its bean. */
    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof Pool pool) {
            synchronized (entries) {
                for (Entry entry : entries) {
                    if (entry.pool.get() == pool && entry.name == null) {
                        entry.name = beanName;
                    }
                }
            }
        }
        return bean;
    }

    /** Numbers the pools built during start-up that are not beans; later pools are numbered when built. */
    @Override
    public void afterSingletonsInstantiated() {
        synchronized (entries) {
            started = true;
            for (Entry entry : entries) {
                if (entry.name == null) {
                    entry.name = "pool-" + ++unnamed;
                }
            }
        }
    }

    /**
     * The activities of the context's pools, in build order, without those that terminated more than
     * {@code keepEnded} ago (those are forgotten).
     *
     * @param keepEnded how long a terminated pool stays
     * @return the activities
     */
    public List<PoolActivity> activities(Duration keepEnded) {
        return activities(keepEnded, List.of());
    }

    /**
     * The activities of the context's pools, as {@link #activities(Duration)}, without the pools that one
     * of {@code others} reports already (a pool the application gave a {@code PoolActivity} of its own shows
     * once, under that activity's name).
     *
     * @param keepEnded how long a terminated pool stays
     * @param others    activities shown besides these
     * @return the activities
     */
    public List<PoolActivity> activities(Duration keepEnded, List<PoolActivity> others) {
        Set<Pool> shown = Collections.newSetFromMap(new IdentityHashMap<>());
        others.forEach(other -> other.pool().ifPresent(shown::add));
        this.keepEnded = keepEnded;
        long now = clock.millis();
        synchronized (entries) {
            prune(now, keepEnded);
            return entries.stream()
                    .filter(entry -> !shown.contains(entry.pool.get()))
                    .map(entry -> entry.activity)
                    .toList();
        }
    }

    /** One pool of the context. */
    private static final class Entry {

        final AtomicReference<@Nullable Pool> pool = new AtomicReference<>();
        final PoolActivity activity;
        volatile @Nullable String name;
        long endedAt = -1;

        Entry() {
            activity = new PoolActivity(this::displayName, () -> Optional.ofNullable(pool.get()));
        }

        String displayName() {
            String known = name;
            return known == null ? "pool" : known;
        }

        boolean endedLongerThan(long now, long keep) {
            Pool built = pool.get();
            if (built == null || built.stats().state() != PoolStats.State.TERMINATED) {
                return false;
            }
            if (endedAt < 0) {
                endedAt = now;
            }
            return now - endedAt > keep;
        }
    }
}
