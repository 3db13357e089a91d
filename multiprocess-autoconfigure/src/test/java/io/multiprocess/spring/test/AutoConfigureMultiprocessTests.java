package io.multiprocess.spring.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.StartMethod;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.managers.SyncManager;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextCustomizer;

/**
 * The test switches of the start method: {@link AutoConfigureMultiprocess} and
 * {@code multiprocess.test.start-method} put the application's beans on threads over
 * {@code multiprocess.start-method}; without them the application's setting applies. Forcing real
 * processes is {@code AutoConfigureMultiprocessIT}.
 */
class AutoConfigureMultiprocessTests {

    private static final long SELF = ProcessHandle.current().pid();

    @Nested
    @SpringBootTest(classes = WorkersApplication.class, properties = "multiprocess.start-method=spawn")
    @AutoConfigureMultiprocess
    @NoLeftovers
    class TheAnnotation {

        @Autowired
        ProcessContext context;

        @Autowired
        Workers workers;

        @Autowired
        SyncManager manager;

        @Test
        void runsTheContextThePoolAndTheManagerOnThreadsOfTheTestJvm() {
            assertThat(context.startMethod()).isEqualTo(StartMethod.THREAD);
            assertThat(workers.pids(List.of(1, 2, 3, 4))).containsOnly(SELF);
            assertThat(manager.serverPid()).hasValue(SELF);
        }
    }

    @Nested
    @SpringBootTest(
            classes = WorkersApplication.class,
            properties = {"multiprocess.start-method=spawn", "multiprocess.test.start-method=thread"})
    class TheProperty {

        @Autowired
        ProcessContext context;

        @Autowired
        Workers workers;

        @Test
        void runsThePoolOnThreadsOfTheTestJvm() {
            assertThat(context.startMethod()).isEqualTo(StartMethod.THREAD);
            assertThat(workers.pids(List.of(1, 2, 3))).containsOnly(SELF);
        }
    }

    @Nested
    @SpringBootTest(
            classes = WorkersApplication.class,
            properties = {"multiprocess.start-method=thread", "multiprocess.test.start-method=forkserver"})
    @AutoConfigureMultiprocess(startMethod = StartMethod.SPAWN)
    class TheAnnotationOverTheProperty {

        @Autowired
        ProcessContext context;

        @Test
        void wins() {
            assertThat(context.startMethod()).isEqualTo(StartMethod.SPAWN);
        }
    }

    @Nested
    @SpringBootTest(classes = WorkersApplication.class, properties = "multiprocess.start-method=thread")
    class WithoutEither {

        @Autowired
        ProcessContext context;

        @Test
        void keepsTheApplicationsStartMethod() {
            assertThat(context.startMethod()).isEqualTo(StartMethod.THREAD);
        }
    }

    @Test
    void theAnnotatedStartMethodIsPartOfTheContextCacheKey() {
        var factory = new MultiprocessTestContextCustomizerFactory();
        ContextCustomizer threads = factory.createContextCustomizer(TheAnnotation.class, List.of());
        ContextCustomizer threadsAgain = factory.createContextCustomizer(OnThreads.class, List.of());
        ContextCustomizer spawn = factory.createContextCustomizer(TheAnnotationOverTheProperty.class, List.of());
        ContextCustomizer none = factory.createContextCustomizer(WithoutEither.class, List.of());

        assertThat(threads).isEqualTo(threadsAgain).hasSameHashCodeAs(threadsAgain);
        assertThat(threads).isNotEqualTo(spawn).isNotEqualTo(none);
        assertThat(spawn).isNotEqualTo(none);
    }

    @AutoConfigureMultiprocess
    @NoLeftovers
    static class OnThreads {}
}
