package io.multiprocess.sample;

import io.multiprocess.context.ProcessContext;
import io.multiprocess.managers.DictProxy;
import io.multiprocess.managers.SyncManager;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The service's state shared between processes: a dict served by a {@link SyncManager} (a server in a
 * child process; proxies to it work from any process, pool workers included). The manager is the
 * application's {@code SyncManager} bean when there is one, else one started here and shut down with
 * the application.
 */
@Component
public class SharedState implements DisposableBean {

    private final SyncManager manager;
    private final boolean own;
    private final DictProxy<String, Long> counters;
    private final DictProxy<String, Integer> progress;

    SharedState(ObjectProvider<SyncManager> managers, ProcessContext processes) {
        SyncManager bean = managers.getIfAvailable();
        this.own = bean == null;
        this.manager = own ? processes.manager() : bean;
        this.counters = manager.dict();
        this.progress = manager.dict();
    }

    /**
     * The shared counters, by name.
     *
     * @return a proxy of the manager's dict: it may be sent to other processes
     */
    public DictProxy<String, Long> counters() {
        return counters;
    }

    /**
     * How many documents of each running batch the workers have digested, by batch id.
     *
     * @return a proxy of the manager's dict: it may be sent to other processes
     */
    public DictProxy<String, Integer> progress() {
        return progress;
    }

    /** Shuts the manager down if this started it (its server process ends). */
    @Override
    public void destroy() {
        if (own) {
            manager.shutdown();
        }
    }
}
