package io.multiprocess.spring.dashboard;

import io.multiprocess.Multiprocess;
import io.multiprocess.function.SerializableFunction;
import io.multiprocess.pool.AsyncResult;
import io.multiprocess.pool.Pool;
import io.multiprocess.pool.PoolListener;
import io.multiprocess.spring.monitor.PoolActivity;
import io.multiprocess.spring.monitor.ProcessTreeView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What the dashboard costs the pool's tiny tasks: one warm spawn pool of two workers, measured with no
 * listener, with the {@link PoolActivity} and the page closed, and with the page open (a reading every
 * second from another thread, so task bars and throughput are recorded), the three alternated round
 * after round on the same workers. Not part of the suite (the name matches neither {@code *Tests} nor
 * {@code *IT}); run it with
 * {@code ./mvnw -o -pl multiprocess-autoconfigure test -Dtest=DashboardOverheadBenchmark -Djacoco.skip=true}.
 * It prints medians and the spread (min-max) of each.
 */
class DashboardOverheadBenchmark {

    private static final int ROUNDS = Integer.getInteger("rounds", 9);
    private static final int ASYNC_TASKS = 20_000;
    private static final int ROUND_TRIPS = 3_000;

    /** Forwards to whichever listener the round uses. */
    static final class Switch implements PoolListener {
        final AtomicReference<PoolListener> target = new AtomicReference<>(PoolListener.NONE);

        @Override
        public void tasksSubmitted(int count) {
            target.get().tasksSubmitted(count);
        }

        @Override
        public void taskFinished(Outcome outcome, Duration runTime) {
            target.get().taskFinished(outcome, runTime);
        }

        @Override
        public void taskEnded(TaskEnd task) {
            target.get().taskEnded(task);
        }

        @Override
        public void taskStarted(long taskId, long callId, long workerPid) {
            target.get().taskStarted(taskId, callId, workerPid);
        }

        @Override
        public void mapSubmitted(long callId, String name, long items) {
            target.get().mapSubmitted(callId, name, items);
        }

        @Override
        public void workerStarted(long pid, boolean replacement) {
            target.get().workerStarted(pid, replacement);
        }

        @Override
        public void workerEnded(WorkerExit exit) {
            target.get().workerEnded(exit);
        }
    }

    @Test
    void tinyTasksWithTheDashboardOpenAndClosed() throws Exception {
        Switch listener = new Switch();
        AtomicReference<Pool> poolRef = new AtomicReference<>();
        PoolActivity activity = new PoolActivity("bench", () -> Optional.ofNullable(poolRef.get()));
        DashboardProperties properties = new DashboardProperties();
        ProcessDashboardEndpoint endpoint = new ProcessDashboardEndpoint(
                new ProcessTreeView(), () -> List.of(activity), properties, new ProcessSampler());
        SerializableFunction<Integer, Integer> square = x -> x * x;
        Map<String, List<Double>> asyncRates = new TreeMap<>();
        Map<String, List<Double>> roundTrips = new TreeMap<>();
        try (Pool pool = Multiprocess.getContext("spawn")
                .poolBuilder()
                .processes(2)
                .listener(listener)
                .build()) {
            poolRef.set(pool);
            for (int i = 0; i < 3; i++) {
                asyncRate(pool, square);
            }
            for (int round = 0; round < ROUNDS; round++) {
                for (String mode : List.of("1 no listener", "2 dashboard closed", "3 dashboard open")) {
                    ScheduledExecutorService poller = null;
                    switch (mode) {
                        case "1 no listener" -> listener.target.set(PoolListener.NONE);
                        case "2 dashboard closed" -> listener.target.set(activity);
                        default -> {
                            listener.target.set(activity);
                            poller = Executors.newSingleThreadScheduledExecutor();
                            poller.scheduleAtFixedRate(endpoint::snapshot, 0, 1, TimeUnit.SECONDS);
                            Thread.sleep(50);
                        }
                    }
                    if (!mode.startsWith("3")) {
                        // Closed: nobody asked for longer than idle-after (the clock is moved back instead).
                        activity.watch(Duration.ofDays(-1));
                    }
                    asyncRates.computeIfAbsent(mode, m -> new ArrayList<>()).add(asyncRate(pool, square));
                    roundTrips.computeIfAbsent(mode, m -> new ArrayList<>()).add(roundTrip(pool, square));
                    if (poller != null) {
                        poller.shutdownNow();
                        poller.awaitTermination(10, TimeUnit.SECONDS);
                    }
                }
            }
        }
        System.out.println("applyAsync of " + ASYNC_TASKS + " tiny tasks, tasks/s (median, min-max over " + ROUNDS
                + " alternated rounds):");
        asyncRates.forEach((mode, values) -> System.out.println("  " + mode + ": " + summary(values, "%.0f")));
        System.out.println("apply round trip of a tiny task, us:");
        roundTrips.forEach((mode, values) -> System.out.println("  " + mode + ": " + summary(values, "%.1f")));
        System.out.println("task bars recorded while open: "
                + activity.tasks(Duration.ofDays(1)).size());
    }

    /**
     * The listener's own cost per task, on this thread (what the pool's reader thread pays per result),
     * and a reading's cost: less sensitive to a busy machine than the end-to-end rates above.
     */
    @Test
    void theListenersCostPerTaskAndAReadingsCost() {
        PoolActivity activity = new PoolActivity("bench", Optional::empty);
        PoolListener.TaskEnd chunk =
                new PoolListener.TaskEnd(1, 0, 4242, 1, PoolListener.Outcome.COMPLETED, Duration.ofNanos(20_000));
        int calls = 2_000_000;
        Map<String, List<Double>> nanos = new TreeMap<>();
        for (int round = 0; round < ROUNDS + 2; round++) {
            for (boolean open : new boolean[] {false, true}) {
                activity.watch(open ? Duration.ofHours(1) : Duration.ofDays(-1));
                long start = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    activity.taskStarted(1, 0, 4242);
                    activity.taskFinished(PoolListener.Outcome.COMPLETED, chunk.runTime());
                    activity.taskEnded(chunk);
                }
                double perCall = (System.nanoTime() - start) / (double) calls;
                if (round >= 2) {
                    nanos.computeIfAbsent(open ? "open" : "closed", m -> new ArrayList<>())
                            .add(perCall);
                }
            }
        }
        System.out.println("PoolActivity per task, ns (median, min-max over " + ROUNDS + " rounds):");
        nanos.forEach((mode, values) -> System.out.println("  " + mode + ": " + summary(values, "%.1f")));
        ProcessDashboardEndpoint endpoint = new ProcessDashboardEndpoint(
                new ProcessTreeView(), () -> List.of(activity), new DashboardProperties(), new ProcessSampler());
        List<Double> readings = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            long start = System.nanoTime();
            endpoint.snapshot();
            readings.add((System.nanoTime() - start) / 1e6);
        }
        System.out.println(
                "a reading (4,096 task bars, no children), ms: " + summary(readings.subList(10, 30), "%.2f"));
    }

    private static double asyncRate(Pool pool, SerializableFunction<Integer, Integer> square) throws Exception {
        long start = System.nanoTime();
        List<AsyncResult<Integer>> results = new ArrayList<>(ASYNC_TASKS);
        for (int i = 0; i < ASYNC_TASKS; i++) {
            int n = i;
            results.add(pool.applyAsync(() -> square.apply(n)));
        }
        for (AsyncResult<Integer> result : results) {
            result.get(2, TimeUnit.MINUTES);
        }
        return ASYNC_TASKS / ((System.nanoTime() - start) / 1e9);
    }

    private static double roundTrip(Pool pool, SerializableFunction<Integer, Integer> square) {
        long start = System.nanoTime();
        for (int i = 0; i < ROUND_TRIPS; i++) {
            int n = i;
            pool.apply(() -> square.apply(n));
        }
        return (System.nanoTime() - start) / 1e3 / ROUND_TRIPS;
    }

    private static String summary(List<Double> values, String format) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format(format, sorted[sorted.length / 2]) + " (" + String.format(format, sorted[0]) + "-"
                + String.format(format, sorted[sorted.length - 1]) + ") "
                + Arrays.toString(Arrays.stream(sorted).mapToLong(Math::round).toArray());
    }
}
