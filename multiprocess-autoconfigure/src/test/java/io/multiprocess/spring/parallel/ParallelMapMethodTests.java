package io.multiprocess.spring.parallel;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.pool.TaskFailedException;
import java.io.IOException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How items become chunks, how results are joined, and which exception a call throws. */
class ParallelMapMethodTests {

    /** Methods of every accepted shape. */
    public static class Shapes {
        @ParallelMap(chunksize = 2, timeout = "1500", ordered = false, pool = "other")
        public List<String> list(String prefix, Collection<String> items) {
            return List.copyOf(items);
        }

        @ParallelMap
        public String[] array(long[] items) {
            return new String[0];
        }

        @ParallelMap
        public void set(Set<Integer> items) throws IOException {}

        @ParallelMap
        public Iterable<Integer> iterable(Iterable<Integer> items) {
            return items;
        }
    }

    private static ParallelMapMethod describe(String name) {
        for (Method method : Shapes.class.getMethods()) {
            if (method.getName().equals(name)) {
                return ParallelMapMethod.of(method, method.getAnnotation(ParallelMap.class), value -> value);
            }
        }
        throw new AssertionError(name);
    }

    @Test
    void theItemsAreTheFirstIterableOrArrayParameterAndTheSettingsAreRead() {
        ParallelMapMethod list = describe("list");
        assertThat(list.itemsIndex).isEqualTo(1);
        assertThat(list.chunkShape).isEqualTo(ParallelMapMethod.ChunkShape.LIST);
        assertThat(list.resultShape).isEqualTo(ParallelMapMethod.ResultShape.LIST);
        assertThat(list.chunksize).isEqualTo(2);
        assertThat(list.ordered).isFalse();
        assertThat(list.timeout).isEqualTo(Duration.ofMillis(1500));
        assertThat(list.poolName).isEqualTo("other");
        assertThat(describe("set").chunkShape).isEqualTo(ParallelMapMethod.ChunkShape.SET);
        assertThat(describe("set").resultShape).isEqualTo(ParallelMapMethod.ResultShape.VOID);
        assertThat(describe("iterable").chunkShape).isEqualTo(ParallelMapMethod.ChunkShape.LIST);
        assertThat(describe("array").chunkShape).isEqualTo(ParallelMapMethod.ChunkShape.ARRAY);
    }

    @Test
    void chunksKeepTheParameterType() {
        List<Object> items = describe("list").items(new LinkedHashSet<>(List.of("a", "b", "c")));
        assertThat(describe("list").chunks(items, 2)).containsExactly(new ArrayList<>(List.of("a", "b")), List.of("c"));
        List<Object> numbers = describe("array").items(new long[] {1, 2, 3});
        assertThat(numbers).containsExactly(1L, 2L, 3L);
        List<Object> arrays = describe("array").chunks(numbers, 2);
        assertThat(arrays).hasSize(2);
        assertThat((long[]) arrays.get(0)).containsExactly(1, 2);
        assertThat((long[]) arrays.get(1)).containsExactly(3);
        assertThat(describe("set").chunks(List.of(1, 2, 3), 5)).singleElement().isInstanceOf(LinkedHashSet.class);
    }

    @Test
    void resultsAreJoinedInTheGivenOrder() {
        assertThat(describe("list").join(List.of(List.of("a", "b"), List.of(), List.of("c"))))
                .isEqualTo(List.of("a", "b", "c"));
        assertThat((String[]) describe("array").join(List.of(new String[] {"x"}, new String[] {"y", "z"})))
                .containsExactly("x", "y", "z");
        assertThat(describe("set").join(List.of())).isNull();
        assertThat(describe("array").empty()).isEqualTo(new String[0]);
    }

    @Test
    void aCallThrowsWhatAPlainCallWould() throws Exception {
        IllegalArgumentException unchecked = new IllegalArgumentException("bad item");
        TaskFailedException wrapped = new TaskFailedException("map item 3 failed", 42, unchecked);
        assertThat(ParallelMapInterceptor.asPlainCallWould(
                        wrapped, Shapes.class.getMethod("list", String.class, Collection.class)))
                .isSameAs(unchecked);
        assertThat(unchecked.getSuppressed()).containsExactly(wrapped);

        IOException declared = new IOException("disk");
        assertThat(ParallelMapInterceptor.asPlainCallWould(
                        new TaskFailedException("x", 42, declared), Shapes.class.getMethod("set", Set.class)))
                .isSameAs(declared);

        TaskFailedException undeclared = new TaskFailedException("x", 42, new IOException("disk"));
        assertThat(ParallelMapInterceptor.asPlainCallWould(
                        undeclared, Shapes.class.getMethod("list", String.class, Collection.class)))
                .isSameAs(undeclared);
    }
}
