package io.multiprocess.managers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.testing.ListTestSuiteBuilder;
import com.google.common.collect.testing.MapTestSuiteBuilder;
import com.google.common.collect.testing.TestStringListGenerator;
import com.google.common.collect.testing.TestStringMapGenerator;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import com.google.common.collect.testing.features.ListFeature;
import com.google.common.collect.testing.features.MapFeature;
import com.google.common.collect.testing.testers.CollectionRemoveIfTester;
import com.google.common.collect.testing.testers.ListReplaceAllTester;
import com.google.common.collect.testing.testers.MapComputeIfAbsentTester;
import com.google.common.collect.testing.testers.MapComputeIfPresentTester;
import com.google.common.collect.testing.testers.MapComputeTester;
import com.google.common.collect.testing.testers.MapMergeTester;
import com.google.common.collect.testing.testers.MapReplaceAllTester;
import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.testing.ChildFiles;
import io.multiprocess.testing.NoLeftoversExtension;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import junit.framework.TestCase;
import junit.framework.TestSuite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * List and dict proxies keep the JDK's {@link List} and {@link Map} contracts (equality, hash codes,
 * views that write through), checked with Guava testlib's suites against one manager process started
 * for the class; and Python's list methods run on the server as one atomic call each, checked against a
 * second process changing the list meanwhile.
 */
@Timeout(600)
@ExtendWith(NoLeftoversExtension.class)
@NoLeftoversExtension.PerClass
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyCollectionContractsIT {

    private static final Duration LIMIT = ChildFiles.TIMEOUT;

    private final ProcessContext ctx = Multiprocess.getContext("spawn");
    private SyncManager manager;

    @BeforeAll
    void start() {
        manager = ctx.manager();
    }

    @AfterAll
    void stop() {
        manager.shutdown();
        assertThat(manager.join(LIMIT)).isTrue();
    }

    // ---- Guava testlib's suites

    @TestFactory
    Stream<DynamicNode> aDictProxyIsAMap() {
        TestSuite suite = MapTestSuiteBuilder.using(new TestStringMapGenerator() {
                    @Override
                    protected Map<String, String> create(Map.Entry<String, String>[] entries) {
                        Map<String, String> initial = new LinkedHashMap<>();
                        for (Map.Entry<String, String> entry : entries) {
                            initial.put(entry.getKey(), entry.getValue());
                        }
                        return manager.dict(initial);
                    }
                })
                .named("DictProxy")
                // The served dict is a LinkedHashMap: insertion order, nulls allowed. Its iterators are weakly
                // consistent (no fail-fast ConcurrentModificationException), so that feature is left out.
                .withFeatures(
                        MapFeature.GENERAL_PURPOSE,
                        MapFeature.ALLOWS_NULL_KEYS,
                        MapFeature.ALLOWS_NULL_VALUES,
                        MapFeature.ALLOWS_ANY_NULL_QUERIES,
                        CollectionFeature.SUPPORTS_ITERATOR_REMOVE,
                        CollectionFeature.KNOWN_ORDER,
                        CollectionSize.ANY)
                // compute, merge and replaceAll run their functions in the server, which must be serializable
                // (documented); Guava's testers pass plain lambdas.
                .suppressing(testsOf(
                        MapComputeTester.class,
                        MapComputeIfAbsentTester.class,
                        MapComputeIfPresentTester.class,
                        MapMergeTester.class,
                        MapReplaceAllTester.class))
                .createTestSuite();
        return dynamic(suite);
    }

    @TestFactory
    Stream<DynamicNode> aListProxyIsAList() {
        TestSuite suite = ListTestSuiteBuilder.using(new TestStringListGenerator() {
                    @Override
                    protected List<String> create(String[] elements) {
                        return manager.list(Arrays.asList(elements));
                    }
                })
                .named("ListProxy")
                // Weakly consistent iterators and sub-lists: no fail-fast feature.
                .withFeatures(
                        ListFeature.GENERAL_PURPOSE,
                        CollectionFeature.ALLOWS_NULL_VALUES,
                        CollectionFeature.KNOWN_ORDER,
                        CollectionSize.ANY)
                // removeIf and replaceAll run their functions in the server, which must be serializable.
                .suppressing(testsOf(CollectionRemoveIfTester.class, ListReplaceAllTester.class))
                .createTestSuite();
        return dynamic(suite);
    }

    private static List<Method> testsOf(Class<?>... testers) {
        return Arrays.stream(testers)
                .flatMap(tester -> Arrays.stream(tester.getMethods()))
                .filter(method -> method.getName().startsWith("test"))
                .toList();
    }

    private static Stream<DynamicNode> dynamic(junit.framework.Test test) {
        if (test instanceof TestSuite suite) {
            List<DynamicNode> children = Collections.list(suite.tests()).stream()
                    .flatMap(ProxyCollectionContractsIT::dynamic)
                    .toList();
            return Stream.of(DynamicContainer.dynamicContainer(suite.getName(), children));
        }
        TestCase testCase = (TestCase) test;
        return Stream.of(DynamicTest.dynamicTest(testCase.getName(), testCase::runBare));
    }

    // ---- the cases of the report

    @Test
    void aListProxyEqualsAnyListWithTheSameElementsBothWays() {
        ListProxy<String> list = manager.list(List.of("a", "b"));
        assertThat(list.equals(List.of("a", "b"))).isTrue();
        assertThat(List.of("a", "b").equals(list)).isTrue();
        assertThat(list.equals(new ArrayList<>(List.of("a", "b")))).isTrue();
        assertThat(list.equals(manager.list(List.of("a", "b")))).isTrue();
        assertThat(list.equals(List.of("b", "a"))).isFalse();
        assertThat(list.equals(Set.of("a", "b"))).isFalse();
        assertThat(list.hashCode()).isEqualTo(List.of("a", "b").hashCode());
        list.add("c");
        assertThat(list.hashCode()).isEqualTo(List.of("a", "b", "c").hashCode());
    }

    @Test
    void aDictProxyEqualsAnyMapWithTheSameMappingsBothWays() {
        Map<String, Integer> map = new HashMap<>(Map.of("a", 1, "b", 2));
        DictProxy<String, Integer> dict = manager.dict(map);
        assertThat(dict.equals(map)).isTrue();
        assertThat(map.equals(dict)).isTrue();
        assertThat(dict.equals(manager.dict(map))).isTrue();
        assertThat(dict.hashCode()).isEqualTo(map.hashCode());
        assertThat(dict.equals(Map.of("a", 1))).isFalse();
        assertThat(dict.equals(List.of())).isFalse();
    }

    @Test
    void aDictProxysViewsWriteThrough() {
        Map<String, Integer> initial = new LinkedHashMap<>();
        initial.put("a", 1);
        initial.put("b", 2);
        initial.put("c", 3);
        initial.put("d", 4);
        DictProxy<String, Integer> dict = manager.dict(initial);
        assertThat(dict.keySet().remove("a")).isTrue();
        assertThat(dict.keySet().remove("a")).isFalse();
        assertThat(dict).doesNotContainKey("a");
        assertThat(dict.values().remove(2)).isTrue();
        assertThat(dict).doesNotContainKey("b");
        for (Map.Entry<String, Integer> entry : dict.entrySet()) {
            entry.setValue(entry.getValue() * 10);
        }
        assertThat(dict).isEqualTo(Map.of("c", 30, "d", 40));
        Iterator<String> keys = dict.keySet().iterator();
        assertThat(keys.next()).isEqualTo("c");
        keys.remove();
        assertThat(dict).isEqualTo(Map.of("d", 40));
        assertThatThrownBy(() -> dict.keySet().add("e")).isInstanceOf(UnsupportedOperationException.class);
        dict.entrySet().clear();
        assertThat(dict.size()).isZero();
    }

    @Test
    void aListProxysSubListWritesThrough() {
        ListProxy<String> list = manager.list(List.of("a", "b", "c", "d"));
        List<String> middle = list.subList(1, 3);
        middle.set(0, "B");
        middle.remove("c");
        middle.add("x");
        assertThat(list).containsExactly("a", "B", "x", "d");
        list.subList(0, 2).clear();
        assertThat(list).containsExactly("x", "d");
    }

    // ---- Python's list methods

    @Test
    void pythonsListMethodsRunOnTheServer() {
        ListProxy<Integer> list = manager.list(List.of(3, 1, 2, 1));
        assertThat(list.count(1)).isEqualTo(2);
        assertThat(list.count(7)).isZero();
        assertThat(list.index(1)).isEqualTo(1);
        assertThatThrownBy(() -> list.index(7))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("7");
        list.reverse();
        assertThat(list).containsExactly(1, 2, 1, 3);
        list.sort(null);
        assertThat(list).containsExactly(1, 1, 2, 3);
        list.sort((Comparator<Integer> & java.io.Serializable) (a, b) -> b - a);
        assertThat(list).containsExactly(3, 2, 1, 1);
        list.extend(List.of(9, 8));
        assertThat(list).containsExactly(3, 2, 1, 1, 9, 8);
        list.repeatInPlace(2);
        assertThat(list).containsExactly(3, 2, 1, 1, 9, 8, 3, 2, 1, 1, 9, 8);
        list.repeatInPlace(0);
        assertThat(list).isEmpty();

        ListProxy<Integer> array = manager.array("i", List.of(1, 2, 3));
        array.reverse();
        assertThat(array).containsExactly(3, 2, 1);
        assertThat(array.count(2)).isEqualTo(1);
        assertThatThrownBy(() -> array.extend(List.of(4))).isInstanceOf(UnsupportedOperationException.class);
    }

    /**
     * One process reverses the list while another appends to it: with an atomic reverse the result is
     * the reversal of the list with the first k appends, followed by the other appends, for some k.
     */
    @Test
    void reverseIsAtomicWhileAnotherProcessAppends() {
        int size = 2_000;
        int appends = 400;
        ListProxy<Integer> list = manager.list(IntStream.range(0, size).boxed().toList());
        EventProxy appending = manager.event();
        ChildProcess appender = ctx.process(() -> {
            list.add(-1);
            appending.set();
            for (int i = 2; i <= appends; i++) {
                list.add(-i);
            }
        });
        appender.start();
        assertThat(appending.await(LIMIT)).isTrue();
        list.reverse();
        assertThat(appender.join(LIMIT)).isTrue();
        assertThat(appender.exitCode()).hasValue(0);

        List<Integer> result = new ArrayList<>(list);
        assertThat(result).hasSize(size + appends);
        boolean serial = false;
        for (int k = 1; k <= appends && !serial; k++) {
            List<Integer> expected =
                    new ArrayList<>(IntStream.range(0, size).boxed().toList());
            for (int i = 1; i <= k; i++) {
                expected.add(-i);
            }
            Collections.reverse(expected);
            for (int i = k + 1; i <= appends; i++) {
                expected.add(-i);
            }
            serial = expected.equals(result);
        }
        assertThat(serial)
                .as("the result is a serial order of the reverse and the appends")
                .isTrue();
    }
}
