package io.multiprocess.spring.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.pool.Pool;
import io.multiprocess.pool.ThreadPool;
import io.multiprocess.spring.autoconfigure.MultiprocessAutoConfiguration;
import io.multiprocess.spring.autoconfigure.MultiprocessPoolAutoConfiguration;
import io.multiprocess.spring.autoconfigure.ParallelMapAutoConfiguration;
import io.multiprocess.spring.pool.ManagedPool;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code @ParallelMap} without worker processes: which beans get a proxy, the start-up checks of
 * annotated methods, and the calls that never reach the pool. Calls in workers: {@code ParallelMapIT}.
 */
class ParallelMapAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    MultiprocessAutoConfiguration.class,
                    MultiprocessPoolAutoConfiguration.class,
                    ParallelMapAutoConfiguration.class));

    /** A bean with a @ParallelMap method. */
    public static class Squares {
        @ParallelMap
        public List<Long> pids(List<Integer> items) {
            return items.stream().map(i -> ProcessHandle.current().pid()).toList();
        }

        @ParallelMap
        public int[] doubled(int[] items) {
            int[] out = new int[items.length];
            for (int i = 0; i < items.length; i++) {
                out[i] = items[i] * 2;
            }
            return out;
        }

        @ParallelMap
        public void nothing(Set<String> names) {
            throw new IllegalStateException("not called for an empty set");
        }

        public List<Integer> plain(List<Integer> items) {
            return items;
        }
    }

    /** No parameter holds items. */
    public static class NoItems {
        @ParallelMap
        public List<String> names(String one) {
            return List.of(one);
        }
    }

    /** Returns something that cannot be joined. */
    public static class BadReturn {
        @ParallelMap
        public Set<String> names(List<String> items) {
            return Set.copyOf(items);
        }
    }

    /** A final method is not called through the proxy. */
    public static class FinalMethod {
        @ParallelMap
        public final List<String> names(List<String> items) {
            return items;
        }
    }

    /** A timeout that is not a duration, after placeholders. */
    public static class BadTimeout {
        @ParallelMap(timeout = "${squares.timeout:soon}")
        public List<String> names(List<String> items) {
            return items;
        }
    }

    /** A timeout from a placeholder. */
    public static class PlaceholderTimeout {
        @ParallelMap(timeout = "${squares.timeout}")
        public List<String> names(List<String> items) {
            return items;
        }
    }

    /** A negative chunk size. */
    public static class BadChunksize {
        @ParallelMap(chunksize = -1)
        public List<String> names(List<String> items) {
            return items;
        }
    }

    /** Runs on a named pool. */
    public static class OnThreads {
        @ParallelMap(pool = "threads", chunksize = 1)
        public List<String> threadNames(List<Integer> items) {
            return items.stream().map(i -> Thread.currentThread().getName()).toList();
        }

        @ParallelMap(pool = "nope")
        public List<String> nowhere(List<Integer> items) {
            return List.of();
        }
    }

    @Test
    void withTheThreadStartMethodChunksRunOnThreadsOfThisJvm() {
        runner.withBean(Squares.class)
                .withBean(OnThreads.class)
                .withPropertyValues("multiprocess.start-method=thread", "multiprocess.pool.processes=2")
                .run(context -> {
                    Squares squares = context.getBean(Squares.class);
                    assertThat(squares.pids(List.of(1, 2, 3)))
                            .containsOnly(ProcessHandle.current().pid());
                    assertThat(squares.doubled(new int[] {1, 2, 3})).containsExactly(2, 4, 6);
                    assertThat(context.getBean(ManagedPool.class).startedPool())
                            .get()
                            .isInstanceOf(ThreadPool.class);
                });
    }

    @Test
    void thePoolAttributeNamesThePoolBean() {
        runner.withBean(OnThreads.class)
                .withBean("threads", Pool.class, () -> new ThreadPool(2))
                .withBean("others", Pool.class, () -> new ThreadPool(1))
                .run(context -> {
                    OnThreads bean = context.getBean(OnThreads.class);
                    List<String> names = bean.threadNames(List.of(1, 2, 3, 4));
                    assertThat(names)
                            .hasSize(4)
                            .allSatisfy(name -> assertThat(name).contains("-thread-"))
                            .doesNotContain(Thread.currentThread().getName());
                    assertThatThrownBy(() -> bean.nowhere(List.of(1)))
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("named 'nope'");
                });
    }

    @Test
    void beansWithParallelMapMethodsGetAProxyAndOthersDoNot() {
        runner.withBean(Squares.class).withBean(String.class, () -> "plain").run(context -> {
            assertThat(AopUtils.isCglibProxy(context.getBean(Squares.class))).isTrue();
            assertThat(AopUtils.isAopProxy(context.getBean(String.class))).isFalse();
        });
    }

    @Test
    void emptyInputReturnsAnEmptyResultWithoutStartingThePool() {
        runner.withBean(Squares.class).run(context -> {
            Squares squares = context.getBean(Squares.class);
            assertThat(squares.pids(List.of())).isEmpty();
            assertThat(squares.doubled(new int[0])).isEmpty();
            squares.nothing(Set.of());
            assertThat(squares.plain(List.of(1))).containsExactly(1);
            assertThat(context.getBean(ManagedPool.class).startedPool()).isEmpty();
        });
    }

    @Test
    void nullInputThrowsNullPointerException() {
        runner.withBean(Squares.class)
                .run(context -> assertThatThrownBy(
                                () -> context.getBean(Squares.class).pids(null))
                        .isInstanceOf(NullPointerException.class)
                        .hasMessageContaining("Squares.pids(List)"));
    }

    @Test
    void whenDisabledTheMethodsAreOrdinaryCalls() {
        runner.withBean(Squares.class)
                .withPropertyValues("multiprocess.parallel-map.enabled=false")
                .run(context -> {
                    Squares squares = context.getBean(Squares.class);
                    assertThat(AopUtils.isAopProxy(squares)).isFalse();
                    assertThat(squares.pids(List.of(1, 2)))
                            .containsOnly(ProcessHandle.current().pid());
                });
    }

    @Test
    void withoutAPoolTheCallSaysWhatIsMissing() {
        runner.withBean(Squares.class)
                .withPropertyValues("multiprocess.pool.enabled=false")
                .run(context -> assertThatThrownBy(
                                () -> context.getBean(Squares.class).pids(List.of(1)))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("needs a Pool bean")
                        .hasMessageContaining("multiprocess.pool.enabled"));
    }

    @Test
    void aMethodWithoutItemsFailsTheStart() {
        runner.withBean(NoItems.class)
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("NoItems.names(String)")
                        .hasMessageContaining("List, Collection, Iterable, Set or an array"));
    }

    @Test
    void aMethodWhoseResultsCannotBeJoinedFailsTheStart() {
        runner.withBean(BadReturn.class)
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("BadReturn.names(List)")
                        .hasMessageContaining("java.util.Set"));
    }

    @Test
    void aFinalMethodFailsTheStart() {
        runner.withBean(FinalMethod.class)
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("final method"));
    }

    @Test
    void aTimeoutThatIsNotADurationFailsTheStart() {
        runner.withBean(BadTimeout.class)
                .run(context -> assertThat(context).getFailure().hasStackTraceContaining("'soon' is not a duration"));
    }

    @Test
    void aTimeoutComesFromPlaceholders() {
        runner.withBean(PlaceholderTimeout.class)
                .withPropertyValues("squares.timeout=90s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ParallelMapPostProcessor processor = context.getBean(ParallelMapPostProcessor.class);
                    assertThat(processor).isNotNull();
                });
    }

    @Test
    void aNegativeChunksizeFailsTheStart() {
        runner.withBean(BadChunksize.class)
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("chunk size must be at least 1"));
    }
}
