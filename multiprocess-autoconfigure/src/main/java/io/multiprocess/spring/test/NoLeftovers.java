package io.multiprocess.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fails a test that leaves a child process, a shared-memory segment or a socket file behind: the
 * {@link NoLeftoversExtension} on a JUnit 5 test class.
 *
 * <pre>{@code
 * @NoLeftovers
 * class ReportTests {
 *     @Test
 *     void rendersInWorkers() { ... }    // fails if a pool it made was never closed
 * }
 * }</pre>
 *
 * <p>The failure lists what was left (pid and command line of each process, segment names, paths) and
 * the extension cleans it up, so that the next test starts clean. In a Spring test the processes of the
 * application context's own pool and manager are the context's, not the test's (see
 * {@link NoLeftoversExtension}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(NoLeftoversExtension.class)
public @interface NoLeftovers {

    /**
     * When to check.
     *
     * @return {@link Scope#EACH_TEST} (the default) or {@link Scope#CLASS}
     */
    Scope scope() default Scope.EACH_TEST;

    /**
     * How long, in seconds, processes that are on their way out and segments and files that exit hooks
     * are about to remove get before they count as left behind.
     *
     * @return the grace period in seconds; 10 by default
     */
    int graceSeconds() default 10;

    /** When the extension checks. */
    enum Scope {
        /** After each test, against what existed before it. */
        EACH_TEST,
        /** Once after all tests of the class (for tests that share a pool through a static field). */
        CLASS
    }
}
