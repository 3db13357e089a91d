package io.multiprocess.spring.metrics;

import io.multiprocess.Multiprocess;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.process.ForkServerClient;
import io.multiprocess.tracker.ResourceTracker;
import java.util.HashSet;
import java.util.Set;

/**
 * The processes this JVM runs for the library: its children ({@code activeChildren()}: processes, pool
 * workers, manager servers), the resource tracker it started, and the forkserver with its idle spares,
 * which {@code activeChildren()} leaves out. A child of the forkserver runs in a former spare: counted once.
 */
final class LiveChildren {

    private LiveChildren() {}

    /** How many run now. Asks the forkserver for its spares when one runs: a local round trip. */
    static int count() {
        Set<Long> pids = new HashSet<>();
        for (ChildProcess child : Multiprocess.activeChildren()) {
            try {
                child.pid().ifPresent(pids::add);
            } catch (RuntimeException closedMeanwhile) {
                // It ended and was closed since the listing: not live.
            }
        }
        ResourceTracker.ownTrackerPid().ifPresent(pids::add);
        ForkServerClient.serverPid().ifPresent(server -> {
            pids.add(server);
            pids.addAll(ForkServerClient.idleSpares());
        });
        return (int) pids.stream()
                .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .count();
    }
}
