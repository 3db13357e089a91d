package io.multiprocess.spring.test;

import io.multiprocess.StartMethod;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Chooses how the application's multiprocess beans run in a Spring test ({@code @SpringBootTest} or any
 * test of Spring's TestContext framework): the {@code ProcessContext}, the {@code Pool} (and so every
 * {@code @ParallelMap} method) and the {@code SyncManager} are built with the given start method,
 * whatever {@code multiprocess.start-method} and {@code multiprocess.test.start-method} say.
 *
 * <pre>{@code
 * @SpringBootTest
 * @AutoConfigureMultiprocess                                    // threads: a fast test of the logic
 * class PricingTests { ... }
 *
 * @SpringBootTest
 * @AutoConfigureMultiprocess(startMethod = StartMethod.SPAWN)   // real worker JVMs
 * class PricingIT { ... }
 * }</pre>
 *
 * <p>With {@link StartMethod#THREAD} (the default) no child JVM starts: tasks run on threads of the test
 * JVM without being serialized, so a test checks what a method computes, not whether its arguments
 * cross a process boundary (a collaborator that cannot be serialized fails only with real processes:
 * keep one integration test with {@code SPAWN} or {@code FORKSERVER}). Processes the test code makes
 * with the static {@code Multiprocess.*} API keep their own start method.
 *
 * <p>The start method becomes part of the test's context configuration: classes that ask for
 * different ones get different cached application contexts, as with {@code @TestPropertySource}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigureMultiprocess {

    /**
     * How the application's processes start in this test.
     *
     * @return {@code THREAD} (the default) for threads of the test JVM, {@code SPAWN} or
     *     {@code FORKSERVER} for real processes
     */
    StartMethod startMethod() default StartMethod.THREAD;
}
