package io.multiprocess.spring.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a process's CPU time and resident memory from Linux's {@code /proc}, and turns two readings into
 * a CPU percentage (100 = one core busy); for a child JVM that publishes performance data, its heap too
 * ({@link JvmHeapReader}). Called when the dashboard asks, never on its own. On a system without
 * {@code /proc} every figure is null.
 */
public class ProcessSampler {

    /** Linux reports CPU time in {@code /proc/<pid>/stat} in ticks of 1/100 s (USER_HZ). */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Path proc;
    private final JvmHeapReader heaps;
    private final Map<Long, long[]> previous = new HashMap<>();

    /** A sampler of {@code /proc}. */
    public ProcessSampler() {
        this(Path.of("/proc"), new JvmHeapReader());
    }

    /**
     * A sampler of a {@code /proc} at {@code proc} (tests).
     *
     * @param proc  the directory
     * @param heaps the reader of other JVMs' heaps
     */
    public ProcessSampler(Path proc, JvmHeapReader heaps) {
        this.proc = proc;
        this.heaps = heaps;
    }

    /**
     * Samples {@code pids} now; forgets the processes not among them.
     *
     * @param pids the processes (this JVM's own heap is not read here: the caller has it from the JVM)
     * @return a sample per pid (figures null where unknown)
     */
    public synchronized Map<Long, Sample> sample(Collection<Long> pids) {
        long now = System.nanoTime();
        Map<Long, Sample> samples = new HashMap<>();
        Map<Long, long[]> seen = new HashMap<>();
        long self = ProcessHandle.current().pid();
        for (long pid : pids) {
            Long ticks = cpuTicks(pid);
            Double cpu = null;
            if (ticks != null) {
                long[] before = previous.get(pid);
                if (before != null && now > before[1]) {
                    double seconds = (now - before[1]) / 1e9;
                    cpu = Math.max(0, Math.round((ticks - before[0]) / TICKS_PER_SECOND / seconds * 1000) / 10.0);
                }
                seen.put(pid, new long[] {ticks, now});
            }
            JvmHeapReader.Heap heap = pid == self ? null : heaps.read(pid).orElse(null);
            samples.put(
                    pid,
                    new Sample(
                            cpu,
                            rssBytes(pid),
                            heap == null ? null : heap.usedBytes(),
                            heap == null ? null : heap.maxBytes()));
        }
        previous.clear();
        previous.putAll(seen);
        return samples;
    }

    private @Nullable Long cpuTicks(long pid) {
        try {
            String stat = Files.readString(proc.resolve(pid + "/stat"));
            // The name in parentheses may hold spaces: count the fields after its closing parenthesis.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException goneOrNotLinux) {
            return null;
        }
    }

    private @Nullable Long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(proc.resolve(pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return null;
        } catch (IOException | RuntimeException goneOrNotLinux) {
            return null;
        }
    }

    /**
     * One process's figures.
     *
     * @param cpuPercent CPU used since the previous sample (100 = one core), or null on the first sample
     * @param rssBytes      resident memory, or null if not known
     * @param heapUsedBytes the heap in use of a JVM that publishes performance data, or null
     * @param heapMaxBytes  that heap's limit, or null
     */
    public record Sample(
            @Nullable Double cpuPercent,
            @Nullable Long rssBytes,
            @Nullable Long heapUsedBytes,
            @Nullable Long heapMaxBytes) {}
}
