package io.multiprocess.sample;

import io.multiprocess.managers.DictProxy;
import io.multiprocess.pool.Pool;
import io.multiprocess.sharedmemory.SharedMemory;
import java.io.Serializable;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * State shared between the service and its workers: a large array in shared memory that workers read
 * without copying, and a counter served by a manager that workers increment.
 */
@RestController
@RequestMapping("/api")
public class SharedController {

    private static final String HITS = "hits";

    private final Pool pool;
    private final SharedState state;

    SharedController(Pool pool, SharedState state) {
        this.pool = pool;
        this.state = state;
    }

    /**
     * What summing a shared array gave.
     *
     * @param segment  the shared-memory block's name (in {@code /dev/shm})
     * @param bytes    its size
     * @param elements the number of longs in it
     * @param slices   how many tasks summed it
     * @param sum      the sum the workers computed
     * @param expected the sum computed here
     * @param workers  the pids of the workers that read it
     */
    public record SharedSum(
            String segment, long bytes, long elements, int slices, long sum, long expected, List<Long> workers) {}

    /**
     * Fills a block of shared memory with {@code 0, 1, 2, ...} as longs, and has the pool's workers sum
     * it slice by slice: each attaches the block by name and reads its slice in place; nothing of the
     * array is copied between processes. The block is unlinked before the answer.
     *
     * @param megabytes the block's size (1 to 512)
     * @param slices    how many tasks (1 to 64)
     * @return the sums
     * @throws IllegalArgumentException if a value is out of range
     */
    @PostMapping("/shared/sum")
    public SharedSum sum(
            @RequestParam(defaultValue = "64") int megabytes, @RequestParam(defaultValue = "8") int slices) {
        if (megabytes < 1 || megabytes > 512) {
            throw new IllegalArgumentException("megabytes must be between 1 and 512, not " + megabytes);
        }
        if (slices < 1 || slices > 64) {
            throw new IllegalArgumentException("slices must be between 1 and 64, not " + slices);
        }
        long bytes = megabytes * 1024L * 1024L;
        long elements = bytes / Long.BYTES;
        try (SharedMemory block = SharedMemory.create(bytes)) {
            try {
                LongBuffer longs = block.buf().asLongBuffer();
                for (int i = 0; i < elements; i++) {
                    longs.put(i, i);
                }
                String name = block.name();
                List<long[]> ranges = new ArrayList<>();
                for (int s = 0; s < slices; s++) {
                    ranges.add(new long[] {elements * s / slices, elements * (s + 1) / slices});
                }
                List<long[]> parts = pool.map(range -> sumSlice(name, range[0], range[1]), ranges, 1);
                long sum = 0;
                TreeSet<Long> workers = new TreeSet<>();
                for (long[] part : parts) {
                    sum += part[0];
                    workers.add(part[1]);
                }
                return new SharedSum(
                        name, bytes, elements, slices, sum, elements * (elements - 1) / 2, List.copyOf(workers));
            } finally {
                block.unlink();
            }
        }
    }

    /** In a worker: attaches the block and sums longs {@code [from, to)}; returns the sum and this pid. */
    private static long[] sumSlice(String name, long from, long to) {
        try (SharedMemory block = SharedMemory.attach(name)) {
            LongBuffer longs = block.buf().asLongBuffer();
            long sum = 0;
            for (int i = (int) from; i < to; i++) {
                sum += longs.get(i);
            }
            return new long[] {sum, ProcessHandle.current().pid()};
        }
    }

    /**
     * The shared counter now.
     *
     * @return {@code {"hits": n}}
     */
    @GetMapping("/counter")
    public Map<String, Long> counter() {
        return Map.of(HITS, state.counters().getOrDefault(HITS, 0L));
    }

    /**
     * Has {@code tasks} pool tasks each add 1 to the manager's counter {@code increments} times, at the
     * same time: every increment is one atomic {@code merge} on the manager's server, so none is lost.
     *
     * @param tasks      how many tasks (1 to 16)
     * @param increments how many increments each (1 to 10000)
     * @return the counter before and after, and the pids that incremented it
     * @throws IllegalArgumentException if a value is out of range
     */
    @PostMapping("/counter")
    public Map<String, Object> increment(
            @RequestParam(defaultValue = "4") int tasks, @RequestParam(defaultValue = "250") int increments) {
        if (tasks < 1 || tasks > 16) {
            throw new IllegalArgumentException("tasks must be between 1 and 16, not " + tasks);
        }
        if (increments < 1 || increments > 10_000) {
            throw new IllegalArgumentException("increments must be between 1 and 10000, not " + increments);
        }
        DictProxy<String, Long> counters = state.counters();
        long before = counters.getOrDefault(HITS, 0L);
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            ids.add(i);
        }
        List<Long> pids = pool.map(
                task -> {
                    BiFunction<Long, Long, Long> add = (BiFunction<Long, Long, Long> & Serializable) Long::sum;
                    for (int n = 0; n < increments; n++) {
                        counters.merge(HITS, 1L, add);
                    }
                    return ProcessHandle.current().pid();
                },
                ids,
                1);
        return Map.of(
                "before",
                before,
                "added",
                (long) tasks * increments,
                HITS,
                counters.getOrDefault(HITS, 0L),
                "workers",
                new TreeSet<>(pids));
    }
}
