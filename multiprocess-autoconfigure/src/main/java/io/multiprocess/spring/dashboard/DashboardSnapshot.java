package io.multiprocess.spring.dashboard;

import io.multiprocess.spring.monitor.PoolActivity;
import io.multiprocess.spring.monitor.ResourceDescriptor;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * What the dashboard's page polls: one reading of everything it draws.
 *
 * @param time           when it was taken (epoch milliseconds)
 * @param refreshMillis  how often the page should ask again
 * @param taskWindowMillis how far back the task stream reaches
 * @param application    this application's JVM
 * @param processes      its child processes (pool workers, managers, the forkserver and its spares, the
 *                       resource tracker, plain children), oldest first
 * @param pools          the pools and what they did lately
 * @param trackerPid     the resource tracker's pid, or null if none runs
 * @param resources      shared-memory segments, locks and other tracked resources, socket files
 * @param queues         the open queues the application's {@code ProcessContext} created, with their depth
 */
public record DashboardSnapshot(
        long time,
        long refreshMillis,
        long taskWindowMillis,
        ProcessRow application,
        List<ProcessRow> processes,
        List<PoolView> pools,
        @Nullable Long trackerPid,
        List<ResourceDescriptor> resources,
        List<QueueRow> queues)
        implements OperationResponseBody {

    /**
     * One queue.
     *
     * @param number     its place among the listed queues, from 1, oldest first
     * @param kind       {@code ProcessQueue}, {@code SimpleQueue} or {@code JoinableQueue}
     * @param depth      the items in it now ({@code qsize()})
     * @param maxsize    the most items it holds, or 0 for no bound
     * @param unfinished a joinable queue's items not marked done yet, or null
     */
    public record QueueRow(
            int number,
            String kind,
            int depth,
            int maxsize,
            @Nullable Integer unfinished) {}

    /**
     * One process, with live figures.
     *
     * @param pid           its pid
     * @param parentPid     its parent's pid, or null if not known
     * @param name          its process name
     * @param role          {@code application}, {@code pool_worker}, {@code manager}, {@code forkserver},
     *                      {@code forkserver_spare}, {@code resource_tracker} or {@code process}
     * @param pool          the pool it works for, or null
     * @param startMethod   how it was started, or null
     * @param uptimeMillis  how long it has run, or null if not known
     * @param uptime        the same, for people
     * @param cpuPercent    CPU used since the previous reading (100 = one core), or null
     * @param rssBytes      resident memory, or null
     * @param heapUsedBytes heap in use (this JVM; a child JVM that runs with {@code -XX:+UsePerfData}), or null
     * @param heapMaxBytes  the heap's limit (the same), or null
     */
    public record ProcessRow(
            long pid,
            @Nullable Long parentPid,
            String name,
            String role,
            @Nullable String pool,
            @Nullable String startMethod,
            @Nullable Long uptimeMillis,
            @Nullable String uptime,
            @Nullable Double cpuPercent,
            @Nullable Long rssBytes,
            @Nullable Long heapUsedBytes,
            @Nullable Long heapMaxBytes) {}

    /**
     * One pool.
     *
     * @param name         its name
     * @param state        {@code RUNNING}, {@code SHUT_DOWN}, {@code TERMINATED}, {@code BROKEN}, or
     *                     {@code NOT_STARTED} for a lazy pool nobody used yet
     * @param processes    how many workers it keeps
     * @param liveWorkers  workers alive
     * @param readyWorkers workers taking tasks
     * @param queuedTasks  tasks waiting for a worker
     * @param runningTasks tasks at a worker
     * @param workerPids   the pids of its live workers
     * @param tasks        the task stream: tasks that ended in the window
     * @param running      the task each worker runs now
     * @param maps         the progress of its map calls
     * @param deadWorkers  workers that died while it ran, recently
     * @param throughput   tasks per second and mean task time, a point per second
     */
    public record PoolView(
            String name,
            String state,
            int processes,
            int liveWorkers,
            int readyWorkers,
            int queuedTasks,
            int runningTasks,
            List<Long> workerPids,
            List<PoolActivity.TaskBar> tasks,
            List<PoolActivity.RunningTask> running,
            List<PoolActivity.MapProgress> maps,
            List<DeadWorkerRow> deadWorkers,
            List<PoolActivity.ThroughputPoint> throughput) {}

    /**
     * A dead worker, for people.
     *
     * @param pid        its pid
     * @param name       its process name
     * @param exitCode   its exit code (negative: the signal), or null
     * @param signal     the signal that ended it, or null
     * @param at         when its end was seen (epoch milliseconds)
     * @param ago        how long ago, for people
     * @param stderrTail the last lines of its standard error
     */
    public record DeadWorkerRow(
            long pid,
            String name,
            @Nullable Integer exitCode,
            @Nullable Integer signal,
            long at,
            String ago,
            List<String> stderrTail) {}
}
