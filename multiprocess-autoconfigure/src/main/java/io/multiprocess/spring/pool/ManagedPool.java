package io.multiprocess.spring.pool;

import io.multiprocess.ProcessStateException;
import io.multiprocess.pool.Pool;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * The life of the application's {@link Pool} inside a Spring application context: started lazily (on
 * the first call of any pool method) or eagerly (when the context starts), shut down gracefully when the
 * context closes, and never started after that.
 *
 * <p>{@link #pool()} is what the context exposes as its {@code Pool} bean: a stand-in that creates the
 * real pool on first use and then passes every call to it. Its {@code toString()}, {@code equals} and
 * {@code hashCode} never start the pool.
 *
 * <p>Shutdown, as a {@link SmartLifecycle} in phase {@link #PHASE}: below the web server's graceful
 * shutdown and stop phases, so that requests in flight finish first (and may still use the pool); then
 * the pool is {@link Pool#shutdown() shut down} (Python's {@code close()}: no new tasks), given the
 * configured time to finish the submitted tasks, then {@link Pool#terminate() terminated} and
 * {@link Pool#join(Duration) joined}: no worker process, socket file or shared-memory segment of the pool
 * is left. This runs on a thread of its own, so that other lifecycle beans of the phase stop meanwhile.
 * If the context is closed without stopping its lifecycle beans (a failed start), {@link #destroy()}
 * terminates and joins the pool instead.
 */
public class ManagedPool implements SmartLifecycle, DisposableBean {

    /**
     * The lifecycle phase: after the web server's graceful shutdown ({@code DEFAULT_PHASE - 1024}) and
     * its stop ({@code DEFAULT_PHASE - 2048}), so that the pool outlives the requests that use it.
     */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger LOG = LoggerFactory.getLogger(ManagedPool.class);
    /** How long the pool's workers get to exit after terminate() before the stop gives up waiting. */
    private static final Duration JOIN_AFTER_TERMINATE = Duration.ofSeconds(30);

    private final Supplier<Pool> factory;
    private final boolean eager;
    private final Duration awaitTermination;
    private final Consumer<Pool> eagerCheck;
    private final Pool standIn;
    private final Object lock = new Object();
    private @Nullable Pool pool;
    private boolean running;
    private boolean closed;

    /**
     * A managed pool.
     *
     * @param factory          creates the pool (called at most once)
     * @param eager            create it when the context starts rather than on first use
     * @param awaitTermination how long submitted tasks may take to finish when the context closes; null
     *                         (or negative) for zero
     */
    public ManagedPool(Supplier<Pool> factory, boolean eager, @Nullable Duration awaitTermination) {
        this(factory, eager, awaitTermination, pool -> {});
    }

    /**
     * A managed pool whose eager start is checked: the context's start fails if the check throws.
     *
     * @param factory          creates the pool (called at most once)
     * @param eager            create it when the context starts rather than on first use
     * @param awaitTermination how long submitted tasks may take to finish when the context closes; null
     *                         (or negative) for zero
     * @param eagerCheck       called with the pool just created by an eager start, for example to wait
     *                         until its workers are up; what it throws fails the context's start
     */
    public ManagedPool(
            Supplier<Pool> factory, boolean eager, @Nullable Duration awaitTermination, Consumer<Pool> eagerCheck) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.eagerCheck = Objects.requireNonNull(eagerCheck, "eagerCheck");
        this.eager = eager;
        this.awaitTermination =
                awaitTermination == null || awaitTermination.isNegative() ? Duration.ZERO : awaitTermination;
        this.standIn =
                (Pool) Proxy.newProxyInstance(Pool.class.getClassLoader(), new Class<?>[] {Pool.class}, new StandIn());
    }

    /**
     * The pool as the application uses it: created on the first call of any of its methods.
     *
     * @return the stand-in for the pool
     */
    public Pool pool() {
        return standIn;
    }

    /**
     * The pool if it was created, without creating it: for monitoring, which must not start workers.
     *
     * @return the pool, or empty if nothing used it yet
     */
    public Optional<Pool> startedPool() {
        synchronized (lock) {
            return Optional.ofNullable(pool);
        }
    }

    /** The real pool, created on first use. */
    Pool target() {
        synchronized (lock) {
            if (pool == null) {
                if (closed) {
                    throw new ProcessStateException(
                            "Pool not running: the application context is closing, and the pool "
                                    + "was never started; submit work before the context closes");
                }
                pool = factory.get();
                if (pool == null) {
                    throw new IllegalStateException("The pool factory returned null");
                }
            }
            return pool;
        }
    }

    @Override
    public void start() {
        synchronized (lock) {
            running = true;
        }
        if (eager) {
            eagerCheck.accept(target());
        }
    }

    @Override
    public void stop() {
        close();
    }

    @Override
    public void stop(Runnable callback) {
        synchronized (lock) {
            running = false;
        }
        Thread stopper = new Thread(
                () -> {
                    try {
                        close();
                    } finally {
                        callback.run();
                    }
                },
                "multiprocess-pool-shutdown");
        stopper.setDaemon(true);
        stopper.start();
    }

    @Override
    public boolean isRunning() {
        synchronized (lock) {
            return running;
        }
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /**
     * Terminates and joins the pool if the lifecycle did not stop it (a context that failed to start), or
     * if its graceful stop is still waiting for tasks when the context destroys its beans (Spring's
     * {@code spring.lifecycle.timeout-per-shutdown-phase} ran out first).
     */
    @Override
    public void destroy() {
        close();
        Pool started = startedPool().orElse(null);
        if (started != null && !started.isTerminated()) {
            started.terminate();
            if (!started.join(JOIN_AFTER_TERMINATE)) {
                LOG.warn("{}: workers did not exit within {} of terminate()", started, JOIN_AFTER_TERMINATE);
            }
        }
    }

    /**
     * Shuts the pool down: lets submitted tasks finish within the configured time, then terminates it and
     * waits for its workers to exit. Later uses of the pool fail with {@link ProcessStateException}.
     * Closing twice does nothing.
     */
    public void close() {
        Pool toClose;
        synchronized (lock) {
            running = false;
            if (closed) {
                return;
            }
            closed = true;
            toClose = pool;
        }
        if (toClose == null) {
            return;
        }
        try {
            toClose.shutdown();
            if (!awaitTermination.isZero() && !toClose.join(awaitTermination)) {
                LOG.warn(
                        "{}: submitted tasks did not finish within {}; terminating the workers",
                        toClose,
                        awaitTermination);
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: graceful shutdown failed; terminating the workers", toClose, e);
        } finally {
            toClose.terminate();
            if (!toClose.join(JOIN_AFTER_TERMINATE)) {
                LOG.warn("{}: workers did not exit within {} of terminate()", toClose, JOIN_AFTER_TERMINATE);
            }
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "ManagedPool[" + (pool != null ? pool : closed ? "closed, never started" : "not started")
                    + (eager ? ", eager" : ", lazy") + "]";
        }
    }

    /** Passes calls to the real pool; identity and description stay with the stand-in. */
    private final class StandIn implements InvocationHandler {

        @Override
        public @Nullable Object invoke(Object proxy, Method method, @Nullable Object @Nullable [] args)
                throws Throwable {
            switch (method.getName()) {
                case "toString":
                    if (method.getParameterCount() == 0) {
                        return ManagedPool.this.toString();
                    }
                    break;
                case "hashCode":
                    if (method.getParameterCount() == 0) {
                        return System.identityHashCode(proxy);
                    }
                    break;
                case "equals":
                    if (method.getParameterCount() == 1) {
                        return proxy == args[0];
                    }
                    break;
                default:
                    break;
            }
            try {
                return method.invoke(target(), args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
