package io.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.pool.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The core works without Hazelcast, its optional dependency: the default test run (surefire's
 * {@code default-test}) removes {@code com.hazelcast:hazelcast} from the class path, and this checks that
 * it is really gone, while the core, cluster back end's package included in its jar, still loads and runs.
 * The back end's own tests run in the {@code hazelcast-tests} execution, with Hazelcast: those tagged
 * {@code hazelcast}.
 */
class CoreWithoutHazelcastTests {

    @Test
    void hazelcastIsNotOnTheClassPathOfTheDefaultTestRun() {
        assertThatThrownBy(() -> Class.forName("com.hazelcast.core.Hazelcast"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void theClusterBackEndIsInTheCoreButNotLoadedByIt() {
        // The package is there; only using it needs Hazelcast (this class implements one of its interfaces).
        assertThat(CoreWithoutHazelcastTests.class
                        .getClassLoader()
                        .getResource("io/multiprocess/hazelcast/ClusterSerializerHook.class"))
                .isNotNull();
        assertThatThrownBy(() -> Class.forName("io.multiprocess.hazelcast.ClusterSerializerHook"))
                .isInstanceOf(NoClassDefFoundError.class)
                .hasMessageContaining("com/hazelcast");
    }

    @Test
    void thePoolAndItsContextWorkWithoutHazelcast() {
        try (Pool pool = Multiprocess.getContext("thread").pool(2)) {
            assertThat(pool.map(x -> x * x, List.of(1, 2, 3))).containsExactly(1, 4, 9);
        }
    }

    @Test
    void everyTestOfTheClusterBackEndIsTaggedForTheHazelcastRuns() throws Exception {
        // The hazelcast-tests and hazelcast-its executions run the tag only: an untagged test would run nowhere.
        Path testClasses = Path.of(CoreWithoutHazelcastTests.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<String> tests;
        try (Stream<Path> files = Stream.concat(
                Files.list(testClasses.resolve("io/multiprocess/hazelcast")),
                Files.list(testClasses.resolve("io/multiprocess/pool"))
                        .filter(f -> f.getFileName().toString().startsWith("Cluster")))) {
            tests = files.map(f -> testClasses.relativize(f).toString().replace('/', '.'))
                    .filter(n -> n.matches(".*(Test|Tests|IT)\\.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()))
                    .toList();
        }
        assertThat(tests)
                .contains("io.multiprocess.hazelcast.ClusterTests", "io.multiprocess.pool.ClusterPoolContractTests");
        for (String test : tests) {
            // Not initialized, so its Hazelcast types are not resolved: reading its annotations needs none.
            Tag tag = Class.forName(test, false, getClass().getClassLoader()).getAnnotation(Tag.class);
            assertThat(tag).as(test).isNotNull().extracting(Tag::value).isEqualTo("hazelcast");
        }
    }
}
