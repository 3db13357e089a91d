package io.multiprocess.spring.test;

import io.multiprocess.managers.SyncManager;
import io.multiprocess.spring.managers.ManagedSyncManager;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Reads what the application context of a Spring test owns. Loaded only when spring-test is on the class
 * path, so that {@link NoLeftoversExtension} works in tests without Spring.
 */
final class SpringContextOwnership {

    private SpringContextOwnership() {}

    /**
     * What the test's application context owns now.
     *
     * @param context the test (or class) being checked
     * @return its context's processes and files; nothing if the test does not run with Spring or its
     *     context could not be loaded
     */
    static OwnedByContext of(ExtensionContext context) {
        if (!runsWithSpring(context.getRequiredTestClass())) {
            return OwnedByContext.NOTHING;
        }
        ApplicationContext application;
        try {
            application = SpringExtension.getApplicationContext(context);
        } catch (RuntimeException | LinkageError notLoaded) {
            return OwnedByContext.NOTHING;
        }
        Set<Long> pids = new HashSet<>();
        Set<Path> sockets = new HashSet<>();
        Instant poolStarted = null;
        if (application.containsBean(ContextProcesses.BEAN_NAME)) {
            ContextProcesses processes = application.getBean(ContextProcesses.BEAN_NAME, ContextProcesses.class);
            pids.addAll(processes.workers());
            poolStarted = processes.poolStarted();
        }
        for (ManagedSyncManager managed : application
                .getBeansOfType(ManagedSyncManager.class, false, false)
                .values()) {
            managed.startedManager().ifPresent(manager -> addManager(manager, pids, sockets));
        }
        return new OwnedByContext(Set.copyOf(pids), Set.copyOf(sockets), poolStarted);
    }

    private static void addManager(SyncManager manager, Set<Long> pids, Set<Path> sockets) {
        manager.serverPid().ifPresent(pids::add);
        if (manager.address() instanceof UnixDomainSocketAddress unix) {
            sockets.add(unix.getPath().toAbsolutePath());
        }
    }

    private static boolean runsWithSpring(@Nullable Class<?> testClass) {
        for (Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
            boolean spring = MergedAnnotations.from(type, SearchStrategy.TYPE_HIERARCHY).stream(ExtendWith.class)
                    .map(MergedAnnotation::synthesize)
                    .anyMatch(extendWith -> Arrays.asList(extendWith.value()).contains(SpringExtension.class));
            if (spring) {
                return true;
            }
        }
        return false;
    }
}
