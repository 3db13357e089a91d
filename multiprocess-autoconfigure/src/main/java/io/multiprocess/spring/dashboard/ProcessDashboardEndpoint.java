package io.multiprocess.spring.dashboard;

import io.multiprocess.ProcessStateException;
import io.multiprocess.process.ProcessRole;
import io.multiprocess.queues.JoinableQueue;
import io.multiprocess.queues.ProcessQueue;
import io.multiprocess.spring.monitor.ChildDescriptor;
import io.multiprocess.spring.monitor.PoolActivity;
import io.multiprocess.spring.monitor.ProcessTreeView;
import io.multiprocess.spring.monitor.ReadableDuration;
import io.multiprocess.tracker.ResourceTracker;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;

/**
 * The {@code processdashboard} endpoint: {@code GET /actuator/processdashboard} is the dashboard's page,
 * {@code GET /actuator/processdashboard/data} the reading it polls ({@link DashboardSnapshot}). Each
 * reading samples {@code /proc} for the processes it lists (and the heap of child JVMs that publish
 * performance data), reads the depth of the queues it knows, and tells the pools' {@link PoolActivity}
 * that someone watches; nothing is sampled between readings.
 */
@WebEndpoint(id = "processdashboard")
public class ProcessDashboardEndpoint {

    private static final String PAGE = "/io/multiprocess/spring/dashboard/dashboard.html";

    private final ProcessTreeView view;
    private final Supplier<List<PoolActivity>> pools;
    private final DashboardProperties properties;
    private final ProcessSampler sampler;
    private final Supplier<List<ProcessQueue<?>>> queues;
    private volatile @Nullable String page;

    /**
     * An endpoint over these sources.
     *
     * @param view       the process tree
     * @param pools      the pools' activity (read at each reading, so pools added later show)
     * @param properties the dashboard's settings
     * @param sampler    the {@code /proc} sampler
     */
    public ProcessDashboardEndpoint(
            ProcessTreeView view,
            Supplier<List<PoolActivity>> pools,
            DashboardProperties properties,
            ProcessSampler sampler) {
        this(view, pools, properties, sampler, List::of);
    }

    /**
     * An endpoint over these sources, with queues.
     *
     * @param view       the process tree
     * @param pools      the pools' activity (read at each reading, so pools added later show)
     * @param properties the dashboard's settings
     * @param sampler    the {@code /proc} sampler
     * @param queues     the queues to show with their depth (read at each reading)
     */
    public ProcessDashboardEndpoint(
            ProcessTreeView view,
            Supplier<List<PoolActivity>> pools,
            DashboardProperties properties,
            ProcessSampler sampler,
            Supplier<List<ProcessQueue<?>>> queues) {
        this.view = view;
        this.pools = pools;
        this.properties = properties;
        this.sampler = sampler;
        this.queues = queues;
    }

    /**
     * The dashboard's page: one HTML file with its script and styles, no external resources.
     *
     * @return the page
     */
    @ReadOperation(produces = "text/html")
    public String page() {
        String html = page;
        if (html == null) {
            try (InputStream in = Objects.requireNonNull(
                    ProcessDashboardEndpoint.class.getResourceAsStream(PAGE), "the dashboard's page " + PAGE)) {
                html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the dashboard's page " + PAGE, e);
            }
            page = html;
        }
        return html;
    }

    /**
     * A reading, for {@code part} {@code data}.
     *
     * @param part {@code data}
     * @return the reading, or null (404) for another part
     */
    @ReadOperation
    public @Nullable DashboardSnapshot data(@Selector String part) {
        return "data".equals(part) ? snapshot() : null;
    }

    /**
     * A reading of everything the page draws.
     *
     * @return the reading
     */
    public DashboardSnapshot snapshot() {
        List<PoolActivity> activities = pools.get();
        activities.forEach(activity -> activity.watch(properties.getIdleAfter()));
        long now = System.currentTimeMillis();
        Map<Long, String> poolOfWorker = new HashMap<>();
        for (PoolActivity activity : activities) {
            activity.liveWorkers().keySet().forEach(pid -> poolOfWorker.put(pid, activity.poolName()));
        }
        long self = ProcessHandle.current().pid();
        List<ChildDescriptor> children = view.children();
        List<ChildDescriptor> spares = forkServerSpares(children);
        List<Long> pids = new ArrayList<>();
        pids.add(self);
        children.forEach(child -> pids.add(child.pid()));
        spares.forEach(spare -> pids.add(spare.pid()));
        Map<Long, ProcessSampler.Sample> samples = sampler.sample(pids);

        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        ProcessSampler.Sample own = samples.get(self);
        ProcessDashboardSnapshotRows rows = new ProcessDashboardSnapshotRows(samples, poolOfWorker);
        DashboardSnapshot.ProcessRow application = new DashboardSnapshot.ProcessRow(
                self,
                ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(null),
                "application",
                "application",
                null,
                null,
                uptime,
                ReadableDuration.ofMillis(uptime),
                own == null ? null : own.cpuPercent(),
                own == null ? null : own.rssBytes(),
                heap.getUsed(),
                heap.getMax() < 0 ? null : heap.getMax());
        List<DashboardSnapshot.ProcessRow> processes = new ArrayList<>();
        children.forEach(child -> processes.add(rows.row(child, self)));
        OptionalLong forkServer = children.stream()
                .filter(child -> child.role().equals(ProcessRole.FORKSERVER.label()))
                .mapToLong(ChildDescriptor::pid)
                .findFirst();
        spares.forEach(spare -> processes.add(rows.row(spare, forkServer.orElse(self))));

        List<DashboardSnapshot.PoolView> poolViews = new ArrayList<>();
        for (PoolActivity activity : activities) {
            poolViews.add(poolView(activity, now));
        }
        OptionalLong tracker = ResourceTracker.trackerPid();
        return new DashboardSnapshot(
                now,
                properties.getRefresh().toMillis(),
                properties.getTaskWindow().toMillis(),
                application,
                processes,
                poolViews,
                tracker.isPresent() ? tracker.getAsLong() : null,
                view.resources(),
                queueRows());
    }

    private List<DashboardSnapshot.QueueRow> queueRows() {
        List<DashboardSnapshot.QueueRow> rows = new ArrayList<>();
        for (ProcessQueue<?> queue : queues.get()) {
            try {
                rows.add(new DashboardSnapshot.QueueRow(
                        rows.size() + 1,
                        queue.getClass().getSimpleName(),
                        queue.qsize(),
                        queue.maxsize(),
                        queue instanceof JoinableQueue<?> joinable ? joinable.unfinishedTasks() : null));
            } catch (ProcessStateException closedMeanwhile) {
                // Closed since it was listed: not shown.
            }
        }
        return rows;
    }

    private DashboardSnapshot.PoolView poolView(PoolActivity activity, long now) {
        List<DashboardSnapshot.DeadWorkerRow> dead = activity.deadWorkers(properties.getDeadWorkerWindow()).stream()
                .map(d -> new DashboardSnapshot.DeadWorkerRow(
                        d.pid(),
                        d.name(),
                        d.exitCode(),
                        d.signal(),
                        d.at().toEpochMilli(),
                        ReadableDuration.ofMillis(now - d.at().toEpochMilli()),
                        d.stderrTail()))
                .toList();
        List<Long> workerPids =
                activity.liveWorkers().keySet().stream().sorted().toList();
        var stats = activity.stats();
        return new DashboardSnapshot.PoolView(
                activity.poolName(),
                stats.map(s -> s.state().name()).orElse("NOT_STARTED"),
                stats.map(s -> s.processes()).orElse(0),
                stats.map(s -> s.liveWorkers()).orElse(0),
                stats.map(s -> s.readyWorkers()).orElse(0),
                stats.map(s -> s.queuedTasks()).orElse(0),
                stats.map(s -> s.runningTasks()).orElse(0),
                workerPids,
                activity.tasks(properties.getTaskWindow()),
                activity.running(),
                activity.maps(),
                dead,
                activity.throughput(properties.getThroughputWindow()));
    }

    /** The forkserver's own children that are not this JVM's children already: its idle spares. */
    private static List<ChildDescriptor> forkServerSpares(List<ChildDescriptor> children) {
        Set<Long> known = new HashSet<>();
        children.forEach(child -> known.add(child.pid()));
        List<ChildDescriptor> spares = new ArrayList<>();
        Instant now = Instant.now();
        for (ChildDescriptor child : children) {
            if (!child.role().equals(ProcessRole.FORKSERVER.label())) {
                continue;
            }
            ProcessHandle.of(child.pid())
                    .ifPresent(server -> server.children()
                            .filter(spare -> !known.contains(spare.pid()))
                            .forEach(spare -> {
                                Instant started = spare.info().startInstant().orElse(null);
                                spares.add(new ChildDescriptor(
                                        spare.pid(),
                                        "spare",
                                        "forkserver_spare",
                                        "forkserver",
                                        true,
                                        null,
                                        started,
                                        started == null ? null : Duration.between(started, now)));
                            }));
        }
        return spares;
    }
}
