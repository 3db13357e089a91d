package io.multiprocess.spring.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.multiprocess.StartMethod;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.managers.DictProxy;
import io.multiprocess.managers.SyncManager;
import io.multiprocess.pool.Pool;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventConditions;
import org.junit.platform.testkit.engine.Events;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Real processes in a Spring test: {@code @AutoConfigureMultiprocess(startMethod = SPAWN)} over an
 * application set to threads starts worker JVMs, and {@link NoLeftovers} counts the context's own pool
 * workers and manager server (started lazily by the first test, kept by the context while it is open) as
 * the context's, while a pool the test built itself and left open fails that test, naming its worker.
 */
class AutoConfigureMultiprocessIT {

    private static final long SELF = ProcessHandle.current().pid();

    @AfterEach
    void closeThePoolTheTestLeft() {
        SpringCases.closeLeakedPool();
    }

    @Test
    void contextProcessesAreTheContextsAndAPoolTheTestLeftOpenIsReported() {
        Events tests = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(SpringCases.class))
                .execute()
                .testEvents();

        tests.assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        tests.succeeded().assertThatEvents().haveExactly(1, EventConditions.test("usesTheContextsPoolAndManager"));
        List<Event> failed = tests.failed().list();
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).getTestDescriptor().getDisplayName()).startsWith("leavesItsOwnPoolOpen");
        Throwable failure = failed.get(0)
                .getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable)
                .orElseThrow();
        assertThat(failure)
                .hasMessageContaining("1 child process(es) still running")
                .hasMessageContaining("pid " + SpringCases.leakedWorker + " (")
                .hasMessageContaining("PoolWorker-")
                .hasMessageContaining("1 socket file(s)")
                .hasMessageContaining("pool-");
        assertThat(SpringCases.contextWorkers).isNotEmpty();
        for (long pid : SpringCases.contextWorkers) {
            assertThat(failure).hasMessageNotContaining("pid " + pid + " (");
            // The context closed after its class (@DirtiesContext), and its workers with it.
            ProcessHandle.of(pid)
                    .ifPresent(worker -> assertThat(worker.onExit()).succeedsWithin(Duration.ofSeconds(60)));
        }
    }

    /**
     * Run by the test above through the engine test kit. Its context is closed after the class, so that its
     * workers do not outlive this test class in the test JVM.
     */
    @SpringBootTest(
            classes = WorkersApplication.class,
            properties = {"multiprocess.start-method=thread", "multiprocess.pool.processes=1"})
    @AutoConfigureMultiprocess(startMethod = StartMethod.SPAWN)
    @NoLeftovers(graceSeconds = 2)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    @DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
    static class SpringCases {

        static List<Long> contextWorkers = List.of();
        static long leakedWorker;
        static @Nullable Pool leaked;

        @Autowired
        ProcessContext context;

        @Autowired
        Workers workers;

        @Autowired
        ObjectProvider<SyncManager> manager;

        @Test
        @Order(1)
        void usesTheContextsPoolAndManager() {
            assertThat(context.startMethod()).isEqualTo(StartMethod.SPAWN);
            contextWorkers = workers.pids(List.of(1, 2)).stream().distinct().toList();
            assertThat(contextWorkers).isNotEmpty().doesNotContain(SELF);
            DictProxy<String, Long> dict = manager.getObject().dict();
            dict.put("caller", SELF);
            assertThat(dict.get("caller")).isEqualTo(SELF);
            assertThat(manager.getObject().serverPid().orElseThrow()).isNotEqualTo(SELF);
        }

        @Test
        @Order(2)
        void leavesItsOwnPoolOpen() {
            leaked = context.poolBuilder().processes(1).build();
            leakedWorker = leaked.apply(() -> ProcessHandle.current().pid());
        }

        static void closeLeakedPool() {
            if (leaked != null) {
                leaked.close();
                leaked = null;
            }
        }
    }
}
