package io.multiprocess.internal.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.MultiprocessException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SharedSegmentTests {

    private final String name = SharedSegment.uniqueName("mp-test");

    @AfterEach
    void unlink() {
        SharedSegment.unlink(name);
    }

    @Test
    void aCreatedSegmentIsZeroFilledPrivateAndVisibleToAnAttachedView() throws Exception {
        try (SharedSegment created = SharedSegment.create(name, 4096);
                SharedSegment attached = SharedSegment.attach(name)) {
            assertThat(created.isOwner()).isTrue();
            assertThat(attached.isOwner()).isFalse();
            assertThat(attached.size()).isEqualTo(4096);
            assertThat(created.buffer().getLong(4088)).isZero();
            SharedSegment.LONG.setRelease(created.buffer(), 8, 0x1234_5678_9abc_def0L);
            assertThat((long) SharedSegment.LONG.getAcquire(attached.buffer(), 8))
                    .isEqualTo(0x1234_5678_9abc_def0L);
            assertThat(PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(SharedSegment.SHM_DIR.resolve(name))))
                    .isEqualTo("rw-------");
            assertThat(created.address(8) - created.address(0)).isEqualTo(8);
        }
    }

    @Test
    void nameClashesMissingSegmentsAndBadInputAreClearErrors() {
        try (SharedSegment created = SharedSegment.create(name, 64)) {
            assertThatThrownBy(() -> SharedSegment.create(name, 64))
                    .isInstanceOf(MultiprocessException.class)
                    .hasMessageContaining("already exists");
        }
        assertThat(SharedSegment.unlink(name)).isTrue();
        assertThat(SharedSegment.unlink(name)).isFalse();
        assertThatThrownBy(() -> SharedSegment.attach(name))
                .isInstanceOf(MultiprocessException.class)
                .hasMessageContaining("No shared-memory segment named");
        assertThatThrownBy(() -> SharedSegment.create("../etc/passwd", 64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid shared-memory name");
        assertThatThrownBy(() -> SharedSegment.create(name, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.exists(SharedSegment.SHM_DIR.resolve(name))).isFalse();
    }

    @Test
    void closeUnmapsThisViewOnly() {
        SharedSegment created = SharedSegment.create(name, 64);
        try (SharedSegment attached = SharedSegment.attach(name)) {
            created.buffer().putInt(0, 42);
            created.close();
            assertThat(created.isClosed()).isTrue();
            assertThatThrownBy(created::buffer)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
            assertThat(attached.buffer().getInt(0)).isEqualTo(42);
        }
    }
}
