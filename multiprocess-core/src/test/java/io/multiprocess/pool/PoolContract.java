package io.multiprocess.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.multiprocess.function.SerializableCallable;
import io.multiprocess.function.SerializableFunction;
import io.multiprocess.testing.ChildFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link Pool} API, the same for every implementation: one subclass runs it against worker
 * processes, one against threads (as CPython runs its pool tests per start method and for the dummy
 * module). One pool of two workers serves every test of a class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PoolContract {

    static final Duration WAIT = ChildFiles.TIMEOUT;

    Pool pool;

    @TempDir
    Path dir;

    /** A pool of two workers. */
    abstract Pool createPool();

    @BeforeAll
    void startPool() {
        pool = createPool();
    }

    @AfterAll
    void stopPool() {
        pool.shutdown();
        assertThat(pool.join(WAIT)).isTrue();
        assertThat(pool.isTerminated()).isTrue();
    }

    /** The exception our tasks throw: a type of the application, with a cause. */
    static final class BadInput extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadInput(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static int failOn13(int x) {
        if (x == 13) {
            throw new BadInput("unlucky " + x, new IllegalStateException("the cause"));
        }
        return x * 10;
    }

    // ---------------------------------------------------------------------------------- apply

    @Test
    void applyRunsACallableAndAFunction() {
        int captured = 6;
        assertThat(pool.apply(() -> captured * 7)).isEqualTo(42);
        assertThat(pool.apply((Integer x) -> x + 1, 41)).isEqualTo(42);
        assertThat(pool.apply((String s) -> s + "!", "hi")).isEqualTo("hi!");
        assertThat(pool.<Object, Object>apply(x -> null, "nothing")).isNull();
    }

    @Test
    void applyAsyncGivesAResultToWaitFor() throws Exception {
        AsyncResult<Integer> result = pool.applyAsync((Integer x) -> x * x, 12);
        assertThat(result.await(WAIT)).isTrue();
        assertThat(result.isReady()).isTrue();
        assertThat(result.isDone()).isTrue();
        assertThat(result.isSuccessful()).isTrue();
        assertThat(result.result()).isEqualTo(144);
        assertThat(result.result(Duration.ZERO)).isEqualTo(144);
        assertThat(result.get()).isEqualTo(144);
        assertThat(result.get(1, TimeUnit.SECONDS)).isEqualTo(144);
        assertThat(result.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isEqualTo(144);
        assertThat(result.isCancelled()).isFalse();
        assertThat(result.cancel(true)).isFalse();
    }

    @Test
    void callbacksRunOnThePoolsCallbackThreadInTheParent() {
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        long here = ProcessHandle.current().pid();
        AsyncResult<Long> ok = pool.applyAsync(
                () -> 5L,
                value -> seen.add("ok " + value + " " + Thread.currentThread().getName() + " "
                        + (ProcessHandle.current().pid() == here)),
                error -> seen.add("unexpected " + error));
        AsyncResult<Integer> bad = pool.applyAsync(
                PoolContract::failOn13,
                13,
                value -> seen.add("unexpected " + value),
                error -> seen.add("error " + error.getClass().getSimpleName() + " " + error.getMessage()));
        Awaitility.await().atMost(WAIT).until(() -> seen.size() == 2);
        assertThat(seen)
                .anySatisfy(s -> assertThat(s)
                        .startsWith("ok 5 multiprocess-pool-")
                        .contains("-callbacks")
                        .endsWith("true"));
        assertThat(seen).contains("error BadInput unlucky 13");
        assertThat(ok.isSuccessful()).isTrue();
        assertThat(bad.isSuccessful()).isFalse();
    }

    @Test
    void aTaskExceptionArrivesWithItsTypeMessageStackTraceAndCause() {
        Throwable thrown = catchThrowable(() -> pool.apply(PoolContract::failOn13, 13));
        assertThat(thrown).isInstanceOf(TaskFailedException.class).hasMessageContaining("unlucky 13");
        Throwable remote = thrown.getCause();
        assertThat(remote).isInstanceOf(BadInput.class).hasMessage("unlucky 13");
        assertThat(remote.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("the cause");
        assertThat(remote.getStackTrace()).anySatisfy(frame -> {
            assertThat(frame.getClassName()).isEqualTo(PoolContract.class.getName());
            assertThat(frame.getMethodName()).isEqualTo("failOn13");
        });
        // The caller's own stack is on the outer exception.
        assertThat(thrown.getStackTrace())
                .anySatisfy(frame -> assertThat(frame.getMethodName())
                        .isEqualTo("aTaskExceptionArrivesWithItsTypeMessageStackTraceAndCause"));
    }

    @Test
    void futureGetAndTheCompletableFutureGiveTheTaskExceptionItself() {
        AsyncResult<Integer> result = pool.applyAsync(PoolContract::failOn13, 13);
        assertThatThrownBy(result::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(BadInput.class);
        CompletableFuture<Integer> view = result.toCompletableFuture();
        assertThatThrownBy(view::join).isInstanceOf(CompletionException.class).hasCauseInstanceOf(BadInput.class);
        assertThat(result.isSuccessful()).isFalse();
    }

    @Test
    void aResultTimeoutLeavesTheTaskRunning() {
        Path go = dir.resolve("go-timeout");
        String file = go.toString();
        AsyncResult<String> slow = pool.applyAsync(() -> {
            ChildFiles.awaitInChild(Path.of(file));
            return "done";
        });
        assertThatThrownBy(() -> slow.result(Duration.ofMillis(50))).isInstanceOf(ResultTimeoutException.class);
        assertThat(slow.await(Duration.ZERO)).isFalse();
        assertThat(slow.isReady()).isFalse();
        assertThatThrownBy(slow::isSuccessful).isInstanceOf(io.multiprocess.ProcessStateException.class);
        ChildFiles.touch(go);
        assertThat(slow.result(WAIT)).isEqualTo("done");
    }

    @Test
    void largeArgumentsAndResultsTravelWhole() {
        byte[] big = new byte[5_000_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        byte[] back = pool.apply(
                (byte[] b) -> {
                    byte[] reversed = new byte[b.length];
                    for (int i = 0; i < b.length; i++) {
                        reversed[i] = b[b.length - 1 - i];
                    }
                    return reversed;
                },
                big);
        assertThat(back).hasSize(big.length);
        for (int i = 0; i < big.length; i += 9973) {
            assertThat(back[i]).isEqualTo(big[big.length - 1 - i]);
        }
        List<String> texts =
                IntStream.range(0, 50_000).mapToObj(i -> "item-" + i).toList();
        assertThat(pool.map((String t) -> t.toUpperCase(Locale.ROOT), texts))
                .isEqualTo(texts.stream().map(t -> t.toUpperCase(Locale.ROOT)).toList());
    }

    // ---------------------------------------------------------------------------------- map

    @Test
    void mapReturnsTheResultsInInputOrder() {
        List<Integer> items = IntStream.range(0, 1000).boxed().toList();
        List<Integer> expected = items.stream().map(x -> x * 3).toList();
        assertThat(pool.map((Integer x) -> x * 3, items)).isEqualTo(expected);
        assertThat(pool.map((Integer x) -> x * 3, items, 7)).isEqualTo(expected);
        assertThat(pool.map((Integer x) -> x * 3, items, 5000)).isEqualTo(expected);
        Iterable<Integer> notACollection = () -> items.iterator();
        assertThat(pool.map((Integer x) -> x * 3, notACollection)).isEqualTo(expected);
    }

    @Test
    void mapCarriesNullsStringsAndApplicationTypes() {
        record Point(int x, int y) {}
        List<Object> items = Arrays.asList(null, "text", 7L, 2.5, true, new byte[] {1, 2}, new Point(1, 2), List.of(3));
        List<String> described = pool.map(
                (Object o) -> o == null
                        ? "null"
                        : o instanceof byte[] b
                                ? "bytes" + b.length
                                : o instanceof List<?> l
                                        ? "List:" + l
                                        : o.getClass().getSimpleName() + ":" + o,
                items);
        assertThat(described)
                .containsExactly(
                        "null",
                        "String:text",
                        "Long:7",
                        "Double:2.5",
                        "Boolean:true",
                        "bytes2",
                        "Point:Point[x=1, y=2]",
                        "List:[3]");
        assertThat(pool.map((Integer x) -> x % 2 == 0 ? null : new Point(x, x), List.of(1, 2)))
                .containsExactly(new Point(1, 1), null);
    }

    @Test
    void mapOfNoItemsIsEmpty() {
        assertThat(pool.map((Integer x) -> x, List.of())).isEmpty();
        assertThat(pool.mapAsync((Integer x) -> x, List.of()).isReady()).isTrue();
    }

    @Test
    void mapFailsWithTheFailingItemsException() {
        List<Integer> items = IntStream.range(0, 100).boxed().toList();
        assertThatThrownBy(() -> pool.map(PoolContract::failOn13, items))
                .isInstanceOf(TaskFailedException.class)
                .hasCauseInstanceOf(BadInput.class)
                .hasMessageContaining("unlucky 13");
    }

    @Test
    void mapAsyncCallsBackWithTheWholeList() {
        AtomicReference<List<Integer>> got = new AtomicReference<>();
        AsyncResult<List<Integer>> result = pool.mapAsync((Integer x) -> -x, List.of(1, 2, 3), 0, got::set, null);
        assertThat(result.result(WAIT)).containsExactly(-1, -2, -3);
        Awaitility.await().atMost(WAIT).until(() -> got.get() != null);
        assertThat(got.get()).containsExactly(-1, -2, -3);
        assertThatThrownBy(() -> result.result().add(4)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void starmapAppliesTheFunctionToEachPair() {
        assertThat(pool.starmap((Integer a, Integer b) -> a * b, List.of(Map.entry(2, 3), Map.entry(4, 5))))
                .containsExactly(6, 20);
        Map<String, Integer> repeats = new LinkedHashMap<>();
        repeats.put("a", 3);
        repeats.put("b", 1);
        assertThat(pool.starmap((String s, Integer n) -> s.repeat(n), repeats.entrySet(), 1))
                .containsExactly("aaa", "b");
        assertThat(pool.starmapAsync((String s, Integer n) -> s + n, repeats.entrySet())
                        .result(WAIT))
                .containsExactly("a3", "b1");
    }

    @Test
    void starmapPassesArgumentListsOfAnyLength() throws Exception {
        List<List<?>> args = List.of(List.of(1, 2, 3), List.of(), List.of("x", 4), Arrays.asList(null, 5));
        SerializableFunction<Object[], String> describe = a -> a.length + ":" + Arrays.toString(a);
        assertThat(pool.starmap(describe, args)).containsExactly("3:[1, 2, 3]", "0:[]", "2:[x, 4]", "2:[null, 5]");
        assertThat(pool.starmap(
                        (Object[] a) -> (Integer) a[0] * (Integer) a[1] + (Integer) a[2],
                        List.of(List.of(2, 3, 4), List.of(5, 6, 7)),
                        1))
                .containsExactly(10, 37);
        CompletableFuture<List<Integer>> called = new CompletableFuture<>();
        assertThat(pool.starmapAsync((Object[] a) -> a.length, args, 2, called::complete, null)
                        .result(WAIT))
                .containsExactly(3, 0, 2, 2);
        assertThat(called.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).containsExactly(3, 0, 2, 2);
        assertThatThrownBy(() -> pool.starmap((Object[] a) -> a[5], List.of(List.of(1))))
                .isInstanceOf(TaskFailedException.class);
        assertThatThrownBy(() -> pool.starmapAsync((Object[] a) -> a, Arrays.asList(List.of(1), null)))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("argument list 1 is null");
    }

    // ---------------------------------------------------------------------------------- imap

    @Test
    void imapReturnsTheResultsInInputOrder() {
        List<Integer> items = IntStream.range(0, 300).boxed().toList();
        for (int chunksize : new int[] {1, 7}) {
            try (ResultIterator<Integer> results = pool.imap((Integer x) -> x + 1, items, chunksize)) {
                List<Integer> got = new ArrayList<>();
                results.forEachRemaining(got::add);
                assertThat(got).isEqualTo(items.stream().map(x -> x + 1).toList());
                assertThat(results.hasNext()).isFalse();
                assertThatThrownBy(results::next).isInstanceOf(NoSuchElementException.class);
            }
        }
        try (ResultIterator<Integer> results = pool.imap((Integer x) -> x * 2, items.stream(), 3)) {
            assertThat(results.stream().toList())
                    .isEqualTo(items.stream().map(x -> x * 2).toList());
        }
    }

    @Test
    void imapUnorderedReturnsEveryResult() {
        List<Integer> items = IntStream.range(0, 300).boxed().toList();
        try (ResultIterator<Integer> results = pool.imapUnordered((Integer x) -> x * 2, items)) {
            List<Integer> got = new ArrayList<>();
            results.forEachRemaining(got::add);
            assertThat(got)
                    .containsExactlyInAnyOrderElementsOf(
                            items.stream().map(x -> x * 2).toList());
        }
        try (ResultIterator<Integer> results = pool.imapUnordered((Integer x) -> x, items.iterator(), 10)) {
            assertThat(results.stream().toList()).containsExactlyInAnyOrderElementsOf(items);
        }
    }

    @Test
    void imapReadsAnEndlessInputOnlyABoundedDistanceAheadOfTheConsumer() {
        AtomicLong produced = new AtomicLong();
        Iterator<Integer> endless = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                return (int) produced.incrementAndGet();
            }
        };
        long bound = 64L * pool.processes() + 1;
        try (ResultIterator<Integer> results = pool.imap((Integer x) -> -x, endless, 1)) {
            for (int i = 1; i <= 5000; i++) {
                assertThat(results.next()).isEqualTo(-i);
                assertThat(produced.get()).isLessThanOrEqualTo(i + bound);
            }
            // The consumer stops: the input stops too, a bounded distance ahead.
            Awaitility.await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> produced.get() <= 5000 + bound);
        }
        long atClose = produced.get();
        Awaitility.await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> produced.get() == atClose);
    }

    @Test
    void imapNextWithATimeoutThrowsWhenNothingIsReady() {
        Path go = dir.resolve("go-imap");
        String file = go.toString();
        try (ResultIterator<String> results = pool.imap(
                (String s) -> {
                    ChildFiles.awaitInChild(Path.of(file));
                    return s;
                },
                List.of("a", "b"))) {
            assertThatThrownBy(() -> results.next(Duration.ofMillis(50))).isInstanceOf(ResultTimeoutException.class);
            ChildFiles.touch(go);
            assertThat(results.next(WAIT)).isEqualTo("a");
            assertThat(results.next(WAIT)).isEqualTo("b");
            assertThat(results.hasNext()).isFalse();
        }
    }

    @Test
    void imapThrowsAtAFailingItemAndGoesOn() {
        List<Integer> items = IntStream.range(10, 16).boxed().toList();
        for (int chunksize : new int[] {1, 4}) {
            try (ResultIterator<Integer> results = pool.imap(PoolContract::failOn13, items, chunksize)) {
                assertThat(results.next()).isEqualTo(100);
                assertThat(results.next()).isEqualTo(110);
                assertThat(results.next()).isEqualTo(120);
                assertThatThrownBy(results::next)
                        .isInstanceOf(TaskFailedException.class)
                        .hasCauseInstanceOf(BadInput.class);
                assertThat(results.next()).isEqualTo(140);
                assertThat(results.next()).isEqualTo(150);
                assertThat(results.hasNext()).isFalse();
            }
        }
    }

    @Test
    void imapEndsWithTheInputsOwnException() {
        Iterator<Integer> broken = new Iterator<>() {
            int next = 0;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                if (next == 3) {
                    throw new IllegalStateException("input broke");
                }
                return next++;
            }
        };
        try (ResultIterator<Integer> results = pool.imap((Integer x) -> x, broken, 2)) {
            assertThat(results.next()).isZero();
            assertThat(results.next()).isEqualTo(1);
            assertThat(results.next()).isEqualTo(2);
            assertThatThrownBy(results::next)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("input broke");
            assertThat(results.hasNext()).isFalse();
        }
    }

    @Test
    void closingAnImapAbandonsTheRest() {
        AtomicLong produced = new AtomicLong();
        Iterator<Integer> endless = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                return (int) produced.incrementAndGet();
            }
        };
        ResultIterator<Integer> results = pool.imapUnordered((Integer x) -> x, endless);
        results.next();
        results.close();
        results.close();
        assertThat(results.hasNext()).isFalse();
        assertThatThrownBy(results::next).isInstanceOf(NoSuchElementException.class);
        long atClose = produced.get();
        Awaitility.await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> produced.get() <= atClose + 1);
        // The pool serves on.
        assertThat(pool.apply(() -> "still here")).isEqualTo("still here");
    }

    // ---------------------------------------------------------------------------------- ExecutorService

    @Test
    void itIsAnExecutorService() throws Exception {
        AsyncResult<Integer> callable = pool.submit(() -> 42);
        assertThat(callable.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(42);
        Path ran = dir.resolve("ran");
        String file = ran.toString();
        assertThat(pool.submit(() -> ChildFiles.touch(Path.of(file))).get()).isNull();
        assertThat(Files.exists(ran)).isTrue();
        assertThat(pool.submit(() -> {}, "given").get()).isEqualTo("given");

        List<SerializableCallable<Integer>> tasks = List.of(() -> 1, () -> 2, () -> 3);
        List<Future<Integer>> all = pool.invokeAll(tasks);
        List<Integer> values = new ArrayList<>();
        for (Future<Integer> f : all) {
            assertThat(f.isDone()).isTrue();
            values.add(f.get());
        }
        assertThat(values).containsExactly(1, 2, 3);
        assertThat(pool.invokeAll(tasks, 60, TimeUnit.SECONDS))
                .allSatisfy(f -> assertThat(f.isDone()).isTrue());
        assertThat(pool.invokeAny(tasks)).isIn(1, 2, 3);
        List<SerializableCallable<Integer>> oneFails = List.of(
                () -> {
                    throw new BadInput("no", null);
                },
                () -> 7);
        assertThat(pool.invokeAny(oneFails, 60, TimeUnit.SECONDS)).isEqualTo(7);
        List<SerializableCallable<Integer>> allFail = List.of(() -> {
            throw new BadInput("no", null);
        });
        assertThatThrownBy(() -> pool.invokeAny(allFail))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(BadInput.class);

        Path executed = dir.resolve("executed");
        String executedFile = executed.toString();
        pool.execute(() -> ChildFiles.touch(Path.of(executedFile)));
        ChildFiles.await(executed);
        assertThat(pool.isShutdown()).isFalse();
        assertThat(pool.isTerminated()).isFalse();
    }

    @Test
    void theCompletableFutureViewCompletesAfterTheResult() {
        Set<Integer> seen = new HashSet<>();
        CompletableFuture<Integer> view =
                pool.applyAsync((Integer x) -> x + 1, 1).toCompletableFuture();
        assertThat(view.thenApply(x -> x * 10).join()).isEqualTo(20);
        seen.add(view.join());
        assertThat(seen).containsExactly(2);
    }

    @Test
    void aFunctionIsUsedWithTheStateItHasWhenCalled() {
        List<Integer> mutable = new ArrayList<>(List.of(1));
        SerializableFunction<Integer, Integer> size = x -> mutable.size() + x;
        assertThat(pool.apply(size, 0)).isEqualTo(1);
        mutable.add(2);
        assertThat(pool.apply(size, 0)).isEqualTo(2);
        int[] counter = {0};
        for (int i = 0; i < 3; i++) {
            counter[0] = i;
            int expected = i;
            assertThat(pool.apply((Integer x) -> counter[0] + x, 0)).isEqualTo(expected);
        }
    }
}
