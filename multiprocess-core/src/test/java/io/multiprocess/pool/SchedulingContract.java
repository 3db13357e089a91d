package io.multiprocess.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.function.SerializableFunction;
import io.multiprocess.synchronize.ProcessEvent;
import io.multiprocess.testing.ChildFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * No task waits for a worker while another worker of the pool is idle: whatever the mix of task
 * durations, a task queued behind a long one reaches a free worker. The long task here blocks on an
 * event that the test sets only after it has seen the other tasks finish, so a pool that leaves a task
 * behind the long one fails (its wait runs out) instead of passing slowly. One subclass per kind of pool.
 */
@Timeout(180)
abstract class SchedulingContract {

    static final Duration WAIT = ChildFiles.TIMEOUT;

    Pool pool;
    ProcessEvent release;

    @TempDir
    Path dir;

    /** A new pool of two workers. */
    abstract Pool createPool();

    @BeforeEach
    void setUp() {
        pool = createPool();
        release = new ProcessEvent();
    }

    @AfterEach
    void tearDown() {
        release.set();
        try {
            pool.shutdown();
            assertThat(pool.join(WAIT)).isTrue();
        } finally {
            pool.terminate();
            release.unlink();
        }
    }

    /** Blocks until the test releases it (bounded), then answers. */
    static String holdUntil(ProcessEvent release, String answer) {
        if (!release.await(WAIT)) {
            throw new IllegalStateException("never released");
        }
        return answer;
    }

    /** A tiny task's body: an identity that also leaves a file, so that the test can count finished items. */
    static SerializableFunction<Integer, Integer> markingDone(String dir, ProcessEvent release, int blocked) {
        return item -> {
            if (item == blocked) {
                holdUntil(release, "");
            }
            try {
                Files.createFile(Path.of(dir, "done-" + item));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return item;
        };
    }

    long finished() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("done-"))
                    .count();
        }
    }

    void warmUpWithTinyTasks() {
        List<Integer> items = IntStream.range(0, 2_000).boxed().toList();
        assertThat(pool.map((Integer x) -> x * 2, items, 1)).hasSize(items.size());
    }

    @Test
    void aTaskQueuedBehindALongOneRunsOnTheWorkerThatIsFree() {
        warmUpWithTinyTasks();
        ProcessEvent gate = release;
        AsyncResult<String> longOne = pool.applyAsync(() -> holdUntil(gate, "A"));
        AsyncResult<String> shortOne = pool.applyAsync(() -> "B");
        AsyncResult<String> third = pool.applyAsync(() -> "C");
        assertThat(shortOne.result(WAIT)).isEqualTo("B");
        assertThat(third.result(WAIT))
                .as("C must not wait for A while a worker is free")
                .isEqualTo("C");
        assertThat(longOne.isReady()).isFalse();
        gate.set();
        assertThat(longOne.result(WAIT)).isEqualTo("A");
    }

    @Test
    void aFreshPoolWithoutHistoryDoesNotQueueBehindALongTask() {
        ProcessEvent gate = release;
        AsyncResult<String> longOne = pool.applyAsync(() -> holdUntil(gate, "A"));
        List<AsyncResult<Integer>> tiny = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int value = i;
            tiny.add(pool.applyAsync(() -> value));
        }
        for (int i = 0; i < tiny.size(); i++) {
            assertThat(tiny.get(i).result(WAIT)).isEqualTo(i);
        }
        assertThat(longOne.isReady()).isFalse();
        gate.set();
        assertThat(longOne.result(WAIT)).isEqualTo("A");
    }

    @Test
    void aLongTaskInTheMiddleOfTinyOnesHoldsBackNoneOfThem() {
        warmUpWithTinyTasks();
        List<Integer> items = IntStream.range(0, 200).boxed().toList();
        ResultIterator<Integer> results = pool.imapUnordered(markingDone(dir.toString(), release, 7), items, 1);
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < items.size() - 1; i++) {
            seen.add(results.next(WAIT));
        }
        assertThat(seen).doesNotContain(7).hasSize(199);
        release.set();
        assertThat(results.next(WAIT)).isEqualTo(7);
        assertThat(results.hasNext()).isFalse();
    }

    @Test
    void imapWithChunksizeOneKeepsBothWorkersBusy() throws IOException {
        warmUpWithTinyTasks();
        List<Integer> items = IntStream.range(0, 100).boxed().toList();
        ResultIterator<Integer> results = pool.imap(markingDone(dir.toString(), release, 3), items, 1);
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> finished() == items.size() - 1);
        assertThat(Files.exists(dir.resolve("done-3"))).isFalse();
        release.set();
        List<Integer> all = new ArrayList<>();
        results.forEachRemaining(all::add);
        assertThat(all).containsExactlyElementsOf(items);
    }

    @Test
    void mapAsyncWithAFewHugeChunksLeavesNoChunkBehindTheBlockedOne() throws IOException {
        List<Integer> items = IntStream.range(0, 100).boxed().toList();
        AsyncResult<List<Integer>> all = pool.mapAsync(markingDone(dir.toString(), release, 0), items, 25);
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> finished() == 75);
        assertThat(all.isReady()).isFalse();
        release.set();
        assertThat(all.result(WAIT)).containsExactlyElementsOf(items);
    }
}
