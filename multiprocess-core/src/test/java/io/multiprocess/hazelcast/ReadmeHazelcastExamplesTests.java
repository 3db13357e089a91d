package io.multiprocess.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.multiprocess.pool.Pool;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Hazelcast example of {@code multiprocess-core/README.md}, on one member embedded in this JVM. Its
 * text is checked against the markdown by the core's {@code DocumentationSnippetsTests}.
 */
@Tag("hazelcast")
class ReadmeHazelcastExamplesTests {

    @Test
    void scaleOut() throws InterruptedException {
        List<Integer> numbers = List.of(1, 2, 3, 4);
        // tag::hazelcast[]
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(MemberConfigs.loopback("jobs", 5900, 4)); // or Boot's bean, or a client
        ClusterContext cluster = ClusterContext.of(hz);
        try (Pool pool = cluster.poolBuilder().processes(16).taskTimeout(Duration.ofMinutes(1)).build()) {
            List<Integer> squares = pool.map(x -> x * x, numbers);        // the same Pool: map, imap, starmap, apply, callbacks...
            // end::hazelcast[]
            assertThat(squares).containsExactly(1, 4, 9, 16);
            // tag::hazelcast[]
        }
        ClusterQueue<String> jobs = cluster.queue("jobs");                  // a BlockingQueue with put/get/getNowait/qsize
        ClusterDict<String, Integer> scores = cluster.manager().dict("scores"); // a ConcurrentMap (IMap)
        // end::hazelcast[]
        try {
            jobs.put("first");
            assertThat(jobs.poll()).isEqualTo("first");
            scores.put("a", 1);
            assertThat(scores.get("a")).isEqualTo(1);
        } finally {
            hz.getLifecycleService().terminate();
        }
    }
}
