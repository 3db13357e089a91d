package io.multiprocess.process;

import static io.multiprocess.testing.ChildFiles.await;
import static io.multiprocess.testing.ChildFiles.awaitInChild;
import static io.multiprocess.testing.ChildFiles.touch;
import static io.multiprocess.testing.ChildFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.testing.ChildFiles;
import io.multiprocess.testing.NoLeftoversExtension;
import io.multiprocess.testing.OsProcesses;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * No orphans: a child ends when its parent dies, even by SIGKILL; daemon children are terminated when
 * their parent exits normally; non-daemon children keep their parent alive. The contract of every start
 * method that starts processes, run once per method by a subclass; grandchildren use the start method of
 * their parent (its default context).
 */
@ExtendWith(NoLeftoversExtension.class)
abstract class OrphanContract {

    /** The promise: a child is gone within this time after its parent died. */
    private static final Duration ORPHAN_LIFETIME = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private final ProcessContext ctx = context();

    /**
     * The context under test.
     *
     * @return a context of the start method under test
     */
    abstract ProcessContext context();

    /** A parent that starts a grandchild which would run for a minute, reports its pid, and waits. */
    private ChildProcess parentWithGrandchild(
            Path grandchildPid, boolean daemonGrandchild, Path grandchildReady, boolean parentWaits) {
        return ctx.process(() -> {
            ChildProcess grandchild = Multiprocess.getContext().process(() -> {
                if (grandchildReady != null) {
                    // Live past the moment the kernel's parent-death signal is armed (1 s).
                    ChildFiles.sleepFor(Duration.ofMillis(1500));
                    touch(grandchildReady);
                }
                ChildFiles.sleepForever();
            });
            grandchild.setDaemon(daemonGrandchild);
            grandchild.start();
            write(grandchildPid, Long.toString(grandchild.pid().getAsLong()));
            if (parentWaits) {
                ChildFiles.sleepForever();
            }
        });
    }

    private static void assertEndsWithin(long pid, Duration limit) {
        OsProcesses.awaitExit(pid, limit);
    }

    @Test
    void aChildExitsWhenItsParentIsKilledWithSigkill() {
        Path pidFile = dir.resolve("grandchild.pid");
        ChildProcess parent = parentWithGrandchild(pidFile, false, null, true);
        parent.start();
        long grandchild = Long.parseLong(await(pidFile));
        assertThat(OsProcesses.hasExited(grandchild)).isFalse();

        parent.kill();
        assertThat(parent.join(ChildFiles.TIMEOUT)).isTrue();
        assertThat(parent.exitCode()).hasValue(-9);
        assertEndsWithin(grandchild, ORPHAN_LIFETIME);
    }

    @Test
    void aLongLivedChildIsKilledByTheKernelWhenItsParentIsKilled() {
        Path pidFile = dir.resolve("grandchild.pid");
        Path ready = dir.resolve("grandchild.ready");
        ChildProcess parent = parentWithGrandchild(pidFile, false, ready, true);
        parent.start();
        long grandchild = Long.parseLong(await(pidFile));
        await(ready);

        parent.kill();
        assertThat(parent.join(ChildFiles.TIMEOUT)).isTrue();
        assertEndsWithin(grandchild, ORPHAN_LIFETIME);
    }

    @Test
    void daemonChildrenAreTerminatedWhenTheirParentExitsNormally() {
        Path pidFile = dir.resolve("grandchild.pid");
        ChildProcess parent = parentWithGrandchild(pidFile, true, null, false);
        parent.start();
        assertThat(parent.join(ChildFiles.TIMEOUT)).isTrue();
        assertThat(parent.exitCode()).hasValue(0);
        long grandchild = Long.parseLong(ChildFiles.read(pidFile));
        assertEndsWithin(grandchild, ORPHAN_LIFETIME);
    }

    @Test
    void aNonDaemonChildKeepsItsParentAliveUntilItEnds() {
        Path pidFile = dir.resolve("grandchild.pid");
        Path go = dir.resolve("go");
        ChildProcess parent = ctx.process(() -> {
            ChildProcess grandchild = Multiprocess.getContext().process(() -> awaitInChild(go));
            grandchild.start();
            write(pidFile, Long.toString(grandchild.pid().getAsLong()));
        });
        parent.start();
        long grandchild = Long.parseLong(await(pidFile));
        // run() has returned in the parent; it must still be alive, waiting for its child.
        assertThat(parent.join(Duration.ofMillis(300))).isFalse();
        assertThat(OsProcesses.hasExited(grandchild)).isFalse();

        touch(go);
        assertThat(parent.join(ChildFiles.TIMEOUT)).isTrue();
        assertThat(parent.exitCode()).hasValue(0);
        assertEndsWithin(grandchild, ORPHAN_LIFETIME);
    }
}
