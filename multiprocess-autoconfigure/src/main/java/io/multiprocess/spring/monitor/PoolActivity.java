package io.multiprocess.spring.monitor;

import io.multiprocess.pool.Pool;
import io.multiprocess.pool.PoolListener;
import io.multiprocess.pool.PoolStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What one pool did lately, as a {@link PoolListener}: the workers that died (with exit code, signal and
 * the tail of their standard error), the progress of its map calls, and, while someone watches
 * ({@link #watch}), a bar per task for a task stream and tasks per second for a throughput chart.
 *
 * <p>Everything is bounded: {@value #TASK_CAPACITY} task bars, {@value #THROUGHPUT_SECONDS} seconds of
 * throughput, {@value #DEAD_CAPACITY} dead workers, finished map calls for {@value #FINISHED_MAP_SECONDS}
 * seconds. When nobody watched for the time given to {@link #watch}, a task costs a clock read, and one
 * counter for a chunk of a map.
 */
public class PoolActivity implements PoolListener {

    /** How many task bars are kept at most. */
    public static final int TASK_CAPACITY = 4096;
    /** How many seconds of throughput are kept. */
    public static final int THROUGHPUT_SECONDS = 300;
    /** How many dead workers are kept at most. */
    public static final int DEAD_CAPACITY = 32;
    /** How long a finished map call stays in {@link #maps()}. */
    public static final int FINISHED_MAP_SECONDS = 30;

    private static final long ABANDONED_MAP_MILLIS = Duration.ofMinutes(10).toMillis();

    private final Supplier<String> poolName;
    private final Supplier<Optional<Pool>> pool;
    private final Clock clock;
    private volatile long recordUntil;

    private final long[] barEnd = new long[TASK_CAPACITY];
    private final long[] barRun = new long[TASK_CAPACITY];
    private final long[] barPid = new long[TASK_CAPACITY];
    private final long[] barCall = new long[TASK_CAPACITY];
    private final int[] barItems = new int[TASK_CAPACITY];
    private final Outcome[] barOutcome = new Outcome[TASK_CAPACITY];
    private long bars;

    private final long[] secondOf = new long[THROUGHPUT_SECONDS];
    private final int[] tasksIn = new int[THROUGHPUT_SECONDS];
    private final int[] failedIn = new int[THROUGHPUT_SECONDS];
    private final long[] runNanosIn = new long[THROUGHPUT_SECONDS];

    private final Map<Long, MapCall> calls = new ConcurrentHashMap<>();
    private final Map<Long, Long> workers = new ConcurrentHashMap<>();
    /** Per worker pid: the task it runs now (id, call id, start in epoch milliseconds). */
    private final Map<Long, RunningSlot> running = new ConcurrentHashMap<>();

    private final ArrayDeque<DeadWorker> dead = new ArrayDeque<>();

    /**
     * The activity of a pool, on the system clock.
     *
     * @param poolName the pool's name, as the dashboard shows it
     * @param pool     the pool if it was started (its stats are read from it; reading never starts it)
     */
    public PoolActivity(String poolName, Supplier<Optional<Pool>> pool) {
        this(poolName, pool, Clock.systemUTC());
    }

    /**
     * The activity of a pool, on {@code clock}.
     *
     * @param poolName the pool's name
     * @param pool     the pool if it was started
     * @param clock    the clock that stamps events
     */
    public PoolActivity(String poolName, Supplier<Optional<Pool>> pool, Clock clock) {
        this(() -> poolName, pool, clock);
    }

    /**
     * The activity of a pool whose name is known later than its builder (a pool that becomes a bean).
     *
     * @param poolName gives the pool's name when read
     * @param pool     the pool if it was built
     */
    public PoolActivity(Supplier<String> poolName, Supplier<Optional<Pool>> pool) {
        this(poolName, pool, Clock.systemUTC());
    }

    private PoolActivity(Supplier<String> poolName, Supplier<Optional<Pool>> pool, Clock clock) {
        this.poolName = poolName;
        this.pool = pool;
        this.clock = clock;
    }

    /**
     * The pool's name.
     *
     * @return the name
     */
    public String poolName() {
        return poolName.get();
    }

    /**
     * The pool, if it was started.
     *
     * @return the pool, or empty
     */
    public Optional<Pool> pool() {
        return pool.get();
    }

    /**
     * The pool's stats, if it was started.
     *
     * @return the stats, or empty
     */
    public Optional<PoolStats> stats() {
        return pool.get().map(Pool::stats);
    }

    /**
     * Someone looks: task bars and throughput are recorded from now until {@code keepRecording} after the
     * last call.
     *
     * @param keepRecording how long to record after this call
     */
    public void watch(Duration keepRecording) {
        long now = clock.millis();
        if (now > recordUntil) {
            // Starts and ends were not followed while nobody watched: what was running then is unknown.
            running.clear();
        }
        recordUntil = now + keepRecording.toMillis();
    }

    // ------------------------------------------------------------------------------------ the listener

    @Override
    public void workerStarted(long pid, boolean replacement) {
        workers.put(pid, clock.millis());
    }

    @Override
    public void workerExited(long pid, java.util.OptionalInt exitCode) {
        workers.remove(pid);
        running.remove(pid);
    }

    @Override
    public void taskStarted(long taskId, long callId, long workerPid) {
        long now = clock.millis();
        if (now > recordUntil) {
            return;
        }
        RunningSlot slot = running.get(workerPid);
        if (slot == null) {
            slot = running.computeIfAbsent(workerPid, pid -> new RunningSlot());
        }
        slot.started(taskId, callId, now);
    }

    @Override
    public void workerEnded(WorkerExit exit) {
        Integer code = exit.exitCode();
        if (!exit.poolRunning() || (code != null && code == 0)) {
            return;
        }
        DeadWorker worker = new DeadWorker(
                exit.pid(),
                exit.name(),
                code,
                exit.signal().isPresent() ? exit.signal().getAsInt() : null,
                clock.instant(),
                exit.stderrTail());
        synchronized (dead) {
            dead.addLast(worker);
            if (dead.size() > DEAD_CAPACITY) {
                dead.removeFirst();
            }
        }
    }

    @Override
    public void mapSubmitted(long callId, String name, long items) {
        long now = clock.millis();
        calls.compute(callId, (id, call) -> {
            if (call == null) {
                return new MapCall(name, items, now);
            }
            call.total = items;
            if (items >= 0 && call.done.get() >= items && call.finishedAt == 0) {
                call.finishedAt = now;
            }
            return call;
        });
    }

    @Override
    public void taskEnded(TaskEnd task) {
        long now = clock.millis();
        if (task.callId() != 0) {
            MapCall call = calls.get(task.callId());
            if (call != null) {
                call.ended(task.items(), task.outcome() != Outcome.COMPLETED, now);
            }
        }
        if (now > recordUntil) {
            return;
        }
        if (task.workerPid() != 0) {
            // The next task's start may have been told first (the pool tells it under its lock).
            RunningSlot slot = running.get(task.workerPid());
            if (slot != null) {
                slot.ended(task.taskId());
            }
        }
        long runNanos = task.runTime().toNanos();
        synchronized (barEnd) {
            int i = (int) (bars++ % TASK_CAPACITY);
            barEnd[i] = now;
            barRun[i] = runNanos / 1_000_000;
            barPid[i] = task.workerPid();
            barCall[i] = task.callId();
            barItems[i] = task.items();
            barOutcome[i] = task.outcome();
            long second = now / 1000;
            int s = (int) (second % THROUGHPUT_SECONDS);
            if (secondOf[s] != second) {
                secondOf[s] = second;
                tasksIn[s] = 0;
                failedIn[s] = 0;
                runNanosIn[s] = 0;
            }
            tasksIn[s]++;
            if (task.outcome() != Outcome.COMPLETED) {
                failedIn[s]++;
            }
            runNanosIn[s] += runNanos;
        }
    }

    // ------------------------------------------------------------------------------------ what is read

    /**
     * The pids of the pool's workers that run now, with when they started.
     *
     * @return pid to start time (epoch milliseconds)
     */
    public Map<Long, Long> liveWorkers() {
        return Map.copyOf(workers);
    }

    /**
     * The task each worker runs now (a task that started while someone watched and has not ended).
     *
     * @return the running tasks, oldest start first
     */
    public List<RunningTask> running() {
        List<RunningTask> list = new ArrayList<>();
        running.forEach((pid, slot) -> slot.read(pid, list));
        list.sort(Comparator.comparingLong(RunningTask::start));
        return list;
    }

    /**
     * The tasks that ended within {@code window}, oldest first (only those recorded while watched).
     *
     * @param window how far back
     * @return the bars
     */
    public List<TaskBar> tasks(Duration window) {
        long from = clock.millis() - window.toMillis();
        List<TaskBar> list = new ArrayList<>();
        synchronized (barEnd) {
            long first = Math.max(0, bars - TASK_CAPACITY);
            for (long n = first; n < bars; n++) {
                int i = (int) (n % TASK_CAPACITY);
                if (barEnd[i] >= from) {
                    list.add(new TaskBar(
                            barPid[i],
                            barEnd[i] - barRun[i],
                            barEnd[i],
                            barOutcome[i].name().toLowerCase(java.util.Locale.ROOT),
                            barCall[i],
                            barItems[i]));
                }
            }
        }
        return list;
    }

    /**
     * Tasks per second and their mean run time, one point per second of {@code window} up to the last
     * whole second, oldest first (zero where nothing ended, or nobody watched).
     *
     * @param window how far back, at most {@value #THROUGHPUT_SECONDS} seconds
     * @return the points
     */
    public List<ThroughputPoint> throughput(Duration window) {
        long last = clock.millis() / 1000 - 1;
        long seconds = Math.min(THROUGHPUT_SECONDS - 1, window.toSeconds());
        List<ThroughputPoint> points = new ArrayList<>();
        synchronized (barEnd) {
            for (long second = last - seconds + 1; second <= last; second++) {
                int s = (int) (second % THROUGHPUT_SECONDS);
                boolean filled = secondOf[s] == second;
                int tasks = filled ? tasksIn[s] : 0;
                double meanMillis = tasks == 0 ? 0 : runNanosIn[s] / 1e6 / tasks;
                points.add(new ThroughputPoint(second * 1000, tasks, filled ? failedIn[s] : 0, meanMillis));
            }
        }
        return points;
    }

    /**
     * The map calls that run, and those that finished in the last {@value #FINISHED_MAP_SECONDS} seconds,
     * oldest first.
     *
     * @return their progress
     */
    public List<MapProgress> maps() {
        long now = clock.millis();
        calls.values()
                .removeIf(call -> (call.finishedAt != 0 && now - call.finishedAt > FINISHED_MAP_SECONDS * 1000L)
                        || now - call.lastAt > ABANDONED_MAP_MILLIS);
        List<MapProgress> list = new ArrayList<>();
        calls.forEach((id, call) -> list.add(call.progress(id, now)));
        list.sort(Comparator.comparingLong(MapProgress::startedAt));
        return list;
    }

    /**
     * The workers that died while the pool ran (an exit code other than 0, or none known) within
     * {@code window}, oldest first.
     *
     * @param window how far back
     * @return the dead workers
     */
    public List<DeadWorker> deadWorkers(Duration window) {
        Instant from = clock.instant().minus(window);
        synchronized (dead) {
            return dead.stream().filter(d -> d.at().isAfter(from)).toList();
        }
    }

    /** What one worker runs now; reused from task to task, so that a task's start allocates nothing. */
    private static final class RunningSlot {
        private long taskId;
        private long callId;
        private long start;

        synchronized void started(long taskId, long callId, long start) {
            this.taskId = taskId;
            this.callId = callId;
            this.start = start;
        }

        /** The task ended, unless the next one's start was told first. */
        synchronized void ended(long taskId) {
            if (this.taskId == taskId) {
                this.taskId = 0;
            }
        }

        synchronized void read(long pid, List<RunningTask> into) {
            if (taskId != 0) {
                into.add(new RunningTask(pid, taskId, callId, start));
            }
        }
    }

    /** One map call's counts; the total may change once (an imap's input ended). */
    private static final class MapCall {
        final String name;
        final long startedAt;
        volatile long total;
        final AtomicLong done = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        volatile long lastAt;
        volatile long finishedAt;

        MapCall(String name, long total, long startedAt) {
            this.name = name;
            this.total = total;
            this.startedAt = startedAt;
            this.lastAt = startedAt;
        }

        void ended(int items, boolean failure, long now) {
            long sum = done.addAndGet(items);
            if (failure) {
                failed.addAndGet(items);
            }
            lastAt = now;
            long size = total;
            if (size >= 0 && sum >= size) {
                finishedAt = now;
            }
        }

        MapProgress progress(long id, long now) {
            long count = done.get();
            long size = total;
            boolean finished = size >= 0 && count >= size;
            long elapsed = Math.max(1, (finished ? finishedAt : now) - startedAt);
            double rate = count * 1000.0 / elapsed;
            Long eta =
                    finished ? Long.valueOf(0) : size < 0 || count == 0 ? null : (long) ((size - count) / rate * 1000);
            return new MapProgress(
                    id,
                    name,
                    count,
                    failed.get(),
                    size,
                    startedAt,
                    elapsed,
                    ReadableDuration.ofMillis(elapsed),
                    Math.round(rate * 10) / 10.0,
                    eta,
                    eta == null ? null : ReadableDuration.ofMillis(eta),
                    finished);
        }
    }

    /**
     * One task on the timeline.
     *
     * @param workerPid the worker's pid (0: a thread, or no worker)
     * @param start     when it started (epoch milliseconds)
     * @param end       when its end was seen (epoch milliseconds)
     * @param outcome   {@code completed}, {@code failed}, {@code worker_lost}, {@code timed_out} or
     *                  {@code terminated}
     * @param callId    the map call it is a chunk of, or 0
     * @param items     how many items it held
     */
    public record TaskBar(long workerPid, long start, long end, String outcome, long callId, int items) {}

    /**
     * A task running now.
     *
     * @param workerPid the worker's pid
     * @param taskId    the task's id in its pool
     * @param callId    the map call it is a chunk of, or 0
     * @param start     when it started (epoch milliseconds)
     */
    public record RunningTask(long workerPid, long taskId, long callId, long start) {}

    /**
     * One second of throughput.
     *
     * @param second     the second's start (epoch milliseconds)
     * @param tasks      how many tasks ended in it
     * @param failed     how many of those did not complete
     * @param meanMillis their mean run time in milliseconds
     */
    public record ThroughputPoint(long second, int tasks, int failed, double meanMillis) {}

    /**
     * The progress of one map call.
     *
     * @param callId        its id in the pool
     * @param name          {@code map}, {@code imap}...
     * @param done          items that ended
     * @param failed        of those, items whose task did not complete
     * @param total         its items, or -1 while not known
     * @param startedAt     when it was submitted (epoch milliseconds)
     * @param elapsedMillis how long it has run (or ran)
     * @param elapsed       the same, for people
     * @param ratePerSecond items per second so far
     * @param etaMillis     how long until it ends at that rate, or null if not known
     * @param eta           the same, for people
     * @param finished      whether every item ended
     */
    public record MapProgress(
            long callId,
            String name,
            long done,
            long failed,
            long total,
            long startedAt,
            long elapsedMillis,
            String elapsed,
            double ratePerSecond,
            @Nullable Long etaMillis,
            @Nullable String eta,
            boolean finished) {}

    /**
     * A worker that died while its pool ran.
     *
     * @param pid        its pid
     * @param name       its process name
     * @param exitCode   its exit code (negative: the signal), or null if not known
     * @param signal     the signal that ended it, or null
     * @param at         when its end was seen
     * @param stderrTail the last lines it wrote to its standard error
     */
    public record DeadWorker(
            long pid,
            String name,
            @Nullable Integer exitCode,
            @Nullable Integer signal,
            Instant at,
            List<String> stderrTail) {}
}
