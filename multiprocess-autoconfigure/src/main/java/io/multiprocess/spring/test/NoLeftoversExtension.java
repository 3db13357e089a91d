package io.multiprocess.spring.test;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A JUnit 5 extension that fails a test which leaves a child process, a shared-memory segment or a socket
 * file of multiprocess-java behind. Put {@link NoLeftovers} on the test class (or
 * {@code @ExtendWith(NoLeftoversExtension.class)} for the defaults).
 *
 * <p>Before each test (or once before the class, with {@link NoLeftovers.Scope#CLASS}) it notes what
 * exists; after it, within the grace period, these must be gone:
 *
 * <ul>
 *   <li><b>processes</b>: descendants of the test JVM started during the test. The library's helpers
 *       that live as long as the JVM are not leftovers: the resource tracker, the forkserver and its idle
 *       spares (a spare that was handed a process is one until it ends);
 *   <li><b>shared-memory segments</b>: new entries of {@code /dev/shm} named as the library names them
 *       ({@code <prefix>-<pid>-<16 hex digits>}) by the test JVM or one of the processes it started
 *       during the test (sampled every few milliseconds, so that segments of children that ended are
 *       attributed too; other programs' segments are never flagged);
 *   <li><b>socket files</b>: new pool and listener sockets in the test JVM's private temporary directory,
 *       and the private temporary directories that ended children left.
 * </ul>
 *
 * <p>The test then fails with an {@link AssertionError} that lists each leftover (pid and command line,
 * segment names, paths); leftovers are killed, unlinked or deleted, so that one leaking test does not
 * fail the next. A test that failed on its own still gets the check: both failures are reported.
 *
 * <p><b>Spring tests.</b> Spring's test framework caches application contexts across tests and
 * classes, and a context owns its pool and manager: the workers of the auto-configured {@code Pool},
 * the auto-configured {@code SyncManager}'s server and its socket, and the pool's socket file are not
 * counted against the test that first used them while the context is open (its close ends them; a
 * check after {@code @DirtiesContext} closed it counts whatever outlived it). What the test makes itself,
 * such as a {@code Pool} built from the {@code ProcessContext} bean and not closed, is counted. With
 * {@link AutoConfigureMultiprocess} on threads the context owns no process at all.
 */
public final class NoLeftoversExtension
        implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(NoLeftoversExtension.class);

    /** Made by JUnit for {@code @ExtendWith} and {@link NoLeftovers}. */
    public NoLeftoversExtension() {}

    @Override
    public void beforeAll(ExtensionContext context) {
        if (scope(context) == NoLeftovers.Scope.CLASS) {
            begin(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (scope(context) == NoLeftovers.Scope.EACH_TEST) {
            begin(context);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (scope(context) == NoLeftovers.Scope.EACH_TEST) {
            check(context);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (scope(context) == NoLeftovers.Scope.CLASS) {
            check(context);
        }
    }

    private static void begin(ExtensionContext context) {
        ProcessTreeSnapshot snapshot = ProcessTreeSnapshot.take();
        context.getStore(NAMESPACE).put(ProcessTreeSnapshot.class, snapshot);
    }

    private static void check(ExtensionContext context) {
        ProcessTreeSnapshot before =
                context.getStore(NAMESPACE).remove(ProcessTreeSnapshot.class, ProcessTreeSnapshot.class);
        if (before == null) {
            return;
        }
        before.stopSampling();
        Leftovers leftovers = Leftovers.awaitGone(before, grace(context));
        if (!leftovers.isEmpty()) {
            String report = leftovers.describe();
            leftovers.cleanUp();
            throw new AssertionError(report);
        }
    }

    private static NoLeftovers.Scope scope(ExtensionContext context) {
        return settings(context).map(NoLeftovers::scope).orElse(NoLeftovers.Scope.EACH_TEST);
    }

    private static Duration grace(ExtensionContext context) {
        return Duration.ofSeconds(
                Math.max(0, settings(context).map(NoLeftovers::graceSeconds).orElse(10)));
    }

    private static Optional<NoLeftovers> settings(ExtensionContext context) {
        for (Class<?> type = context.getRequiredTestClass(); type != null; type = type.getEnclosingClass()) {
            Optional<NoLeftovers> found = AnnotationSupport.findAnnotation(type, NoLeftovers.class);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
