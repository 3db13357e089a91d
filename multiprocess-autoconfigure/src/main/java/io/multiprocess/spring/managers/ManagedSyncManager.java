package io.multiprocess.spring.managers;

import io.multiprocess.ProcessStateException;
import io.multiprocess.managers.SyncManager;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * The life of the application's {@link SyncManager} inside a Spring application context: created (its
 * server process started, or the connection to a remote server made) by the first call of
 * {@link #manager()}, and shut down when the context is destroyed.
 *
 * <p>The context destroys this bean after every lifecycle bean stopped, so a pool's tasks that use the
 * manager's proxies finish during the graceful shutdown with the manager still serving. Then
 * {@link SyncManager#shutdown()} asks the server to stop, terminates and kills it if it does not exit in
 * time, and waits for it: no process or socket file is left. A manager that only connected to a server
 * of another process is closed without stopping that server. A manager that was never used was never
 * started, and nothing happens.
 */
public class ManagedSyncManager implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedSyncManager.class);

    private final Supplier<SyncManager> factory;
    private final Object lock = new Object();
    private volatile @Nullable SyncManager manager;
    private boolean closed;

    /**
     * A managed manager.
     *
     * @param factory creates the manager and starts or connects it (called at most once, on first use)
     */
    public ManagedSyncManager(Supplier<SyncManager> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * The manager, started by the first call.
     *
     * @return the started (or connected) manager
     * @throws ProcessStateException once the context is closing
     * @throws io.multiprocess.ProcessStartException if its server process cannot start (the next call
     *     tries again)
     * @throws io.multiprocess.managers.ManagerUnreachableException if it connects and nothing serves at its address
     */
    public SyncManager manager() {
        synchronized (lock) {
            if (manager == null) {
                if (closed) {
                    throw new ProcessStateException("The SyncManager was never started and the application context is "
                            + "closing; use it before the context closes");
                }
                SyncManager created = factory.get();
                if (created == null) {
                    throw new IllegalStateException("The SyncManager factory returned null");
                }
                manager = created;
            }
            return manager;
        }
    }

    /**
     * The manager if it was started, without starting it: for monitoring, which must not start processes.
     *
     * @return the manager, or empty if nothing used it yet
     */
    public Optional<SyncManager> startedManager() {
        return Optional.ofNullable(manager);
    }

    /**
     * Shuts the manager down if it was started (its proxies fail from then on); later calls of
     * {@link #manager()} fail. Closing twice does nothing.
     */
    @Override
    public void destroy() {
        SyncManager toClose;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = manager;
        }
        if (toClose == null) {
            return;
        }
        try {
            toClose.close();
        } catch (RuntimeException e) {
            LOG.warn("{}: shutdown failed", toClose, e);
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "ManagedSyncManager["
                    + (manager != null ? manager : closed ? "closed, never started" : "not started") + "]";
        }
    }
}
