package io.multiprocess.spring.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.multiprocess.pool.Pool;
import io.multiprocess.pool.PoolBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Gives every pool built from the application's {@code ProcessContext} (by {@code pool()}, by
 * {@code poolBuilder().build()}, or from a context derived with its {@code with...} methods) the
 * {@link PoolMetrics} meters, with a {@code pool} tag: the bean name for a pool that is a bean,
 * {@code pool-1}, {@code pool-2}... in build order for the others.
 *
 * <p>It is the context's pool customizer ({@code ProcessContext.withPoolCustomizer}): each builder gets a
 * {@code PoolMetrics} listener, which counts from the pool's first task. The meters are bound when the
 * pool's name is known: for a pool built while the application context starts, when its bean is
 * initialized (or, if it is not a bean, once every singleton is created); later, as soon as it is built.
 * They are bound to the composite meter registries of the context if it has some (Spring Boot's), else
 * to each registry. Builders passed to {@link #exclude(PoolBuilder)} (the auto-configured pool's, which has
 * its own metrics bean) get no meters here.
 */
public class ContextPoolMetrics implements Consumer<PoolBuilder>, BeanPostProcessor, SmartInitializingSingleton {

    private final ObjectProvider<MeterRegistry> registries;
    private final Set<PoolBuilder> excluded =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private final Object lock = new Object();
    /** Pools built during start-up whose name is not known yet, in build order. */
    private final Map<Pool, PoolMetrics> pending = new LinkedHashMap<>();

    private boolean started;
    private int unnamed;

    /**
     * Metrics for the pools of a context.
     *
     * @param registries the meter registries to bind to, looked up when a pool's meters are bound
     */
    public ContextPoolMetrics(ObjectProvider<MeterRegistry> registries) {
        this.registries = registries;
    }

    /**
     * Makes the pools this builder builds report to metrics of their own.
     *
     * @param builder a new builder of the context
     */
    @Override
    public void accept(PoolBuilder builder) {
        AtomicReference<Pool> built = new AtomicReference<>();
        PoolMetrics metrics = new PoolMetrics("", () -> Optional.ofNullable(built.get()));
        builder.listener(metrics).onBuild(pool -> {
            built.set(pool);
            if (!excluded.contains(builder)) {
                built(pool, metrics);
            }
        });
    }

    /**
     * Leaves the pools of this builder without meters from here: for a pool whose metrics are bound
     * otherwise.
     *
     * @param builder a builder that this object customized
     */
    public void exclude(PoolBuilder builder) {
        excluded.add(builder);
    }

    private void built(Pool pool, PoolMetrics metrics) {
        String name;
        synchronized (lock) {
            if (!started) {
                pending.put(pool, metrics);
                return;
            }
            name = "pool-" + ++unnamed;
        }
        bind(metrics, name);
    }

    /** Binds the meters of a pool bean built during start-up under the bean's name. */
    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof Pool pool) {
            PoolMetrics metrics;
            synchronized (lock) {
                metrics = pending.remove(pool);
            }
            if (metrics != null) {
                bind(metrics, beanName);
            }
        }
        return bean;
    }

    /** Binds the meters of the pools built during start-up that are not beans, and of later pools when built. */
    @Override
    public void afterSingletonsInstantiated() {
        List<PoolMetrics> unnamedPools;
        List<String> names = new ArrayList<>();
        synchronized (lock) {
            started = true;
            unnamedPools = new ArrayList<>(pending.values());
            pending.clear();
            for (int i = 0; i < unnamedPools.size(); i++) {
                names.add("pool-" + ++unnamed);
            }
        }
        for (int i = 0; i < unnamedPools.size(); i++) {
            bind(unnamedPools.get(i), names.get(i));
        }
    }

    private void bind(PoolMetrics metrics, String name) {
        List<MeterRegistry> all = registries.orderedStream().toList();
        List<MeterRegistry> composites =
                all.stream().filter(CompositeMeterRegistry.class::isInstance).toList();
        for (MeterRegistry registry : composites.isEmpty() ? all : composites) {
            metrics.bindTo(registry, name);
        }
    }
}
