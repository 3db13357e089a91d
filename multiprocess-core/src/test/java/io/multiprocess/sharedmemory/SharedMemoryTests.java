package io.multiprocess.sharedmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.MultiprocessException;
import io.multiprocess.ProcessStateException;
import io.multiprocess.internal.shm.NativeCopy;
import io.multiprocess.internal.shm.SharedSegment;
import io.multiprocess.serialization.KryoSerializer;
import io.multiprocess.testing.NoLeftoversExtension;
import io.multiprocess.tracker.ResourceTracker;
import io.multiprocess.tracker.TrackedResource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Shared-memory blocks and shareable lists within one JVM, and their registration with the tracker. */
@ExtendWith(NoLeftoversExtension.class)
class SharedMemoryTests {

    @Test
    void aBlockIsCreatedAttachedClosedAndUnlinkedAndTrackedMeanwhile() {
        SharedMemory created = SharedMemory.create(4096);
        try {
            assertThat(created.name())
                    .startsWith("psm-" + ProcessHandle.current().pid() + "-");
            assertThat(created.size()).isEqualTo(4096);
            assertThat(ResourceTracker.resources())
                    .extracting(TrackedResource::name)
                    .contains(created.name());
            TrackedResource tracked = ResourceTracker.resources().stream()
                    .filter(r -> r.name().equals(created.name()))
                    .findFirst()
                    .orElseThrow();
            assertThat(tracked.type()).isEqualTo("shared_memory");
            assertThat(tracked.size()).isEqualTo(4096);
            assertThat(tracked.creatorPid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(ResourceTracker.trackerPid()).isPresent();
            created.buf().put(10, (byte) 42);
            try (SharedMemory attached = SharedMemory.attach("/" + created.name())) {
                assertThat(attached.isCreator()).isFalse();
                assertThat(attached.buf().get(10)).isEqualTo((byte) 42);
            }
            SharedMemory copy =
                    (SharedMemory) new KryoSerializer().deserialize(new KryoSerializer().serialize(created));
            assertThat(copy.buf().get(10)).isEqualTo((byte) 42);
            copy.close();
        } finally {
            created.close();
            created.unlink();
        }
        assertThatThrownBy(created::buf).isInstanceOf(ProcessStateException.class);
        assertThat(Files.exists(SharedSegment.SHM_DIR.resolve(created.name()))).isFalse();
        assertThat(ResourceTracker.resources())
                .extracting(TrackedResource::name)
                .doesNotContain(created.name());
        assertThatThrownBy(() -> SharedMemory.attach(created.name())).isInstanceOf(MultiprocessException.class);
        assertThatThrownBy(() -> SharedMemory.create(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SharedMemory(null, false, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writeAndReadCopySmallAndMemmoveSizedRangesAndCheckTheirBounds() {
        int size = 4 * NativeCopy.THRESHOLD;
        SharedMemory block = SharedMemory.create(size);
        try (SharedMemory attached = SharedMemory.attach(block.name())) {
            byte[] data = new byte[3 * NativeCopy.THRESHOLD + 5];
            new Random(4).nextBytes(data);
            block.write(7, data); // memmove
            block.write(1, new byte[] {9, 8, 7}); // the buffer's copy
            byte[] whole = new byte[size];
            attached.buf().get(0, whole);
            assertThat(Arrays.copyOfRange(whole, 1, 4)).containsExactly(9, 8, 7);
            assertThat(Arrays.copyOfRange(whole, 7, 7 + data.length)).isEqualTo(data);
            assertThat(whole[7 + data.length]).isZero();
            byte[] back = new byte[data.length + 2];
            attached.read(7, back, 1, data.length);
            assertThat(Arrays.copyOfRange(back, 1, 1 + data.length)).isEqualTo(data);
            byte[] small = new byte[3];
            attached.read(1, small);
            assertThat(small).containsExactly(9, 8, 7);

            assertThatThrownBy(() -> block.write(size - data.length + 1, data))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> block.write(-1, new byte[1])).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> block.read(1, new byte[size])).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> block.read(0, back, 3, data.length)).isInstanceOf(IndexOutOfBoundsException.class);
        } finally {
            block.close();
            block.unlink();
        }
        assertThatThrownBy(() -> block.write(0, new byte[1])).isInstanceOf(ProcessStateException.class);
        assertThatThrownBy(() -> block.read(0, new byte[1])).isInstanceOf(ProcessStateException.class);
    }

    @Test
    void aShareableListHoldsPythonsTypesAndReplacesElements() {
        byte[] bytes = {1, 2, 0};
        List<Object> values = new ArrayList<>(Arrays.asList(7, 2.5, true, "héllo wörld", bytes, null, -3L, ""));
        ShareableList list = new ShareableList(values);
        try {
            assertThat(list).hasSize(8);
            assertThat(list.get(0)).isEqualTo(7L);
            assertThat(list.get(1)).isEqualTo(2.5);
            assertThat(list.get(2)).isEqualTo(true);
            assertThat(list.get(3)).isEqualTo("héllo wörld");
            assertThat((byte[]) list.get(4)).containsExactly(1, 2, 0);
            assertThat(list.get(5)).isNull();
            assertThat(list.get(-2)).isEqualTo(-3L);
            assertThat(list.get(7)).isEqualTo("");
            assertThat(list.format()).isEqualTo("qdxxxxxxx?16s3sxxxxxx?xq8s");
            list.set(0, "now text");
            list.set(3, null);
            list.set(5, 1.25);
            assertThat(list.get(0)).isEqualTo("now text");
            assertThat(list.get(3)).isNull();
            assertThat(list.get(5)).isEqualTo(1.25);
            assertThat(list.indexOf(new byte[] {1, 2, 0})).isEqualTo(4);
            assertThat(list.count(-3)).isEqualTo(1);
            assertThatThrownBy(() -> list.set(0, "more than eight bytes"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("exceeds");
            assertThatThrownBy(() -> list.get(8)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> list.add(1L)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> new ShareableList(List.of(new Object())))
                    .isInstanceOf(IllegalArgumentException.class);
            try (ShareableList attached = ShareableList.attach(list.shm().name())) {
                assertThat(attached.get(0)).isEqualTo("now text");
                assertThat(attached.get(3)).isNull();
            }
            assertThat("héllo wörld".getBytes(StandardCharsets.UTF_8)).hasSize(13);
        } finally {
            list.close();
            list.shm().unlink();
        }
    }
}
