package io.multiprocess.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.internal.shm.SharedSegment;
import io.multiprocess.testing.NoLeftoversExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The tracker's registry and clean-up, without killing anything. */
@ExtendWith(NoLeftoversExtension.class)
class ResourceTrackerTests {

    @TempDir
    Path dir;

    @Test
    void ensureRunningStartsTheTreesTrackerOnceAndNamesIt() {
        long pid = ResourceTracker.ensureRunning();
        assertThat(ResourceTracker.ensureRunning()).isEqualTo(pid);
        assertThat(ResourceTracker.trackerPid()).hasValue(pid);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).hasValue(true);
    }

    @Test
    void registrationsAreListedAndUnregistered() {
        String name = SharedSegment.uniqueName("mp-test");
        ResourceTracker.register(name, "custom", 123);
        try {
            TrackedResource listed = ResourceTracker.resources().stream()
                    .filter(r -> r.name().equals(name))
                    .findFirst()
                    .orElseThrow();
            assertThat(listed.type()).isEqualTo("custom");
            assertThat(listed.size()).isEqualTo(123);
            assertThat(listed.creatorPid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(listed.created()).isBeforeOrEqualTo(Instant.now());
            assertThat(ResourceTracker.registryDirectory()).isPresent();
            assertThat(ResourceTracker.ownTrackerPid()).isEqualTo(ResourceTracker.trackerPid());
        } finally {
            ResourceTracker.unregister(name);
        }
        assertThat(ResourceTracker.resources())
                .extracting(TrackedResource::name)
                .doesNotContain(name);
        assertThatThrownBy(() -> ResourceTracker.register("../x", "custom", 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResourceTracker.register("..", "custom", 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cleanUpUnlinksWhatIsLeftWarnsAndRemovesTheRegistry() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long deadPid = gone.pid();
        Path registry = Files.createDirectory(dir.resolve("tracker-1-2"));
        String leaked = SharedSegment.uniqueName("mp-test");
        SharedSegment.create(leaked, 64).close();
        String alreadyGone = SharedSegment.uniqueName("mp-test");
        for (String name : new String[] {leaked, alreadyGone}) {
            Files.writeString(
                    registry.resolve(ResourceTracker.ENTRY_PREFIX + name),
                    "shared_memory\n64\n" + deadPid + "\n" + System.currentTimeMillis() + "\n");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int unlinked = ResourceTrackerMain.cleanUp(registry, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(unlinked).isEqualTo(1);
        assertThat(Files.exists(SharedSegment.SHM_DIR.resolve(leaked))).isFalse();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("unlinked leaked shared_memory '" + leaked + "'")
                .contains("created by pid " + deadPid)
                .doesNotContain(alreadyGone);
        assertThat(registry).doesNotExist();
        assertThat(dir.resolve("tracker-1-2.closing")).doesNotExist();
        assertThat(ResourceTrackerMain.cleanUp(registry, new PrintStream(out, true, StandardCharsets.UTF_8)))
                .isZero();
    }
}
