package io.multiprocess.benchmarks;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.hazelcast.ClusterContext;
import io.multiprocess.hazelcast.MemberConfigs;
import io.multiprocess.hazelcast.MemberProcess;
import io.multiprocess.pool.Pool;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The CPU-bound job of {@link PoolCpuBound} (2 x N tasks of about 10 ms each) on a local pool of two
 * worker processes and on a cluster of two Hazelcast members on the loopback interface, each in a
 * child JVM of its own ({@link MemberProcess}), with this JVM a lite member that only submits; the
 * cluster pool runs two tasks at a time, as the local pool does. The figure is the cluster's job; the
 * name shows the local pool's job, the overhead per task it implies (the difference, times two workers,
 * over the number of tasks), and the median round trip of a no-op task on each. No CPython twin: Python's
 * multiprocessing has no cluster back end.
 */
final class ClusterCpuBound implements BenchmarkCase {

    private final int tasksPerWorker;
    private final int runs;
    private String details = "";

    ClusterCpuBound(int tasksPerWorker, int runs) {
        this.tasksPerWorker = tasksPerWorker;
        this.runs = runs;
    }

    @Override
    public String name() {
        return "Cluster: CPU-bound job, 2 x " + tasksPerWorker + " tasks of ~10 ms, 2-member loopback Hazelcast cluster"
                + " (no CPython twin)" + details;
    }

    @Override
    public String unit() {
        return "ms";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public double measureJava() throws Exception {
        System.setProperty("hazelcast.logging.type", "slf4j");
        System.setProperty("org.slf4j.simpleLogger.log.com.hazelcast", "error");
        long iterations = PoolCpuBound.calibrate();
        int tasks = 2 * tasksPerWorker;
        double[] localRuns = new double[runs];
        double[] clusterRuns = new double[runs];
        double localNoop;
        double clusterNoop;
        ProcessContext spawn = Multiprocess.getContext("spawn");
        try (Pool local = spawn.pool(2)) {
            for (int warm = 0; warm < 3; warm++) {
                PoolCpuBound.runPool(local, tasks, iterations);
            }
            for (int r = 0; r < runs; r++) {
                localRuns[r] = PoolCpuBound.runPool(local, tasks, iterations);
            }
            localNoop = noopRoundTrip(local);
            local.shutdown();
            local.join();
        }
        String clusterName = "mp-bench-" + UUID.randomUUID();
        int base = freePorts(6);
        ProcessContext members = spawn.withJvmOptions(
                "-Dorg.slf4j.simpleLogger.log.com.hazelcast=error", "-Dhazelcast.logging.type=slf4j");
        List<MemberProcess> processes = new ArrayList<>();
        HazelcastInstance caller = null;
        try {
            for (int i = 0; i < 2; i++) {
                processes.add(MemberProcess.start(members, clusterName, base, 6));
            }
            for (MemberProcess member : processes) {
                if (!member.awaitJoined(Duration.ofSeconds(120))) {
                    throw new IllegalStateException(member + " did not join the cluster");
                }
            }
            Config config = MemberConfigs.loopback(clusterName, base, 6).setLiteMember(true);
            caller = Hazelcast.newHazelcastInstance(config);
            try (Pool cluster = ClusterContext.of(caller).pool(2)) {
                for (int warm = 0; warm < 3; warm++) {
                    PoolCpuBound.runPool(cluster, tasks, iterations);
                }
                for (int r = 0; r < runs; r++) {
                    clusterRuns[r] = PoolCpuBound.runPool(cluster, tasks, iterations);
                }
                clusterNoop = noopRoundTrip(cluster);
                cluster.shutdown();
                cluster.join();
            }
        } finally {
            for (MemberProcess member : processes) {
                member.close();
            }
            if (caller != null) {
                caller.getLifecycleService().terminate();
            }
        }
        double localMillis = median(localRuns);
        double clusterMillis = median(clusterRuns);
        double perTask = (clusterMillis - localMillis) * 2 / tasks;
        details = String.format(
                Locale.ROOT,
                " [local Pool(2): %.1f ms; overhead %.2f ms per task; no-op round trip:"
                        + " cluster %.2f ms, local %.3f ms]",
                localMillis,
                perTask,
                clusterNoop,
                localNoop);
        return clusterMillis;
    }

    /** The median time of one {@code apply} of a no-op, one at a time. */
    private static double noopRoundTrip(Pool pool) {
        double[] times = new double[201];
        for (int i = 0; i < times.length; i++) {
            long start = System.nanoTime();
            pool.apply(() -> 1);
            times[i] = (System.nanoTime() - start) / 1e6;
        }
        return median(times);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static int freePorts(int count) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 60_000 - count);
            boolean free = true;
            for (int port = base; port < base + count && free; port++) {
                try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    socket.setReuseAddress(true);
                } catch (IOException taken) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("No " + count + " consecutive free ports on 127.0.0.1");
    }

    @Override
    public String pythonCase() {
        return null;
    }
}
