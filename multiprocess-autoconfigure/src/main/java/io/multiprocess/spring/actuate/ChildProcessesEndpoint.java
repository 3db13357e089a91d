package io.multiprocess.spring.actuate;

import io.multiprocess.spring.monitor.ChildDescriptor;
import io.multiprocess.spring.monitor.PoolActivity;
import io.multiprocess.spring.monitor.ProcessTreeView;
import io.multiprocess.spring.monitor.ReadableDuration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code childprocesses} endpoint: the child processes this application runs now, each with its pid,
 * name, role (plain process, pool worker, manager, forkserver, resource tracker), start method, start
 * time and uptime (exact, and for people); and the pool workers that died in the last
 * {@link #DEAD_WORKER_WINDOW} with their exit code, signal and the last lines of their standard error.
 * Python's {@code active_children()}, for operators.
 */
@Endpoint(id = "childprocesses")
public class ChildProcessesEndpoint {

    /** How far back dead workers are listed. */
    public static final Duration DEAD_WORKER_WINDOW = Duration.ofMinutes(10);

    private final ProcessTreeView view;
    private final Supplier<List<PoolActivity>> pools;

    /**
     * An endpoint reading {@code view}, with no dead workers.
     *
     * @param view the view of the process tree
     */
    public ChildProcessesEndpoint(ProcessTreeView view) {
        this(view, List::of);
    }

    /**
     * An endpoint reading {@code view} and the pools' recent deaths.
     *
     * @param view  the view of the process tree
     * @param pools the pools' activity, read at each call
     */
    public ChildProcessesEndpoint(ProcessTreeView view, Supplier<List<PoolActivity>> pools) {
        this.view = view;
        this.pools = pools;
    }

    /**
     * The children running now, and the workers that died lately.
     *
     * @return this JVM's pid, its children (oldest first) and the dead workers (oldest first)
     */
    @ReadOperation
    public ChildProcessesDescriptor children() {
        Instant now = Instant.now();
        List<DeadWorkerDescriptor> dead = new ArrayList<>();
        for (PoolActivity pool : pools.get()) {
            for (PoolActivity.DeadWorker worker : pool.deadWorkers(DEAD_WORKER_WINDOW)) {
                dead.add(new DeadWorkerDescriptor(
                        pool.poolName(),
                        worker.pid(),
                        worker.name(),
                        worker.exitCode(),
                        worker.signal(),
                        worker.at(),
                        ReadableDuration.of(Duration.between(worker.at(), now)) + " ago",
                        worker.stderrTail()));
            }
        }
        dead.sort(Comparator.comparing(DeadWorkerDescriptor::at));
        return new ChildProcessesDescriptor(ProcessHandle.current().pid(), view.children(), dead);
    }

    /**
     * What the endpoint returns.
     *
     * @param pid         the pid of this application's JVM, the children's parent
     * @param children    the children running now
     * @param deadWorkers pool workers that died while their pool ran, in the last {@link #DEAD_WORKER_WINDOW}
     */
    public record ChildProcessesDescriptor(
            long pid, List<ChildDescriptor> children, List<DeadWorkerDescriptor> deadWorkers)
            implements OperationResponseBody {}

    /**
     * A pool worker that died while its pool ran.
     *
     * @param pool       the pool's name
     * @param pid        its pid
     * @param name       its process name
     * @param exitCode   its exit code (negative: the signal that ended it), or null if not known
     * @param signal     that signal's number ({@code 9} for {@code SIGKILL}), or null
     * @param at         when its end was seen
     * @param ago        how long ago, for people
     * @param stderrTail the last lines it wrote to its standard error, oldest first
     */
    public record DeadWorkerDescriptor(
            String pool,
            long pid,
            String name,
            @Nullable Integer exitCode,
            @Nullable Integer signal,
            Instant at,
            String ago,
            List<String> stderrTail) {}
}
