package io.multiprocess.sharedctypes;

import io.multiprocess.ProcessStateException;
import io.multiprocess.internal.shm.SharedBlock;
import io.multiprocess.synchronize.AbstractProcessLock;
import io.multiprocess.synchronize.Held;
import java.nio.MappedByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * What shared values, arrays and structures have in common: a segment of shared memory, and the lock that
 * guards compound updates (none for the raw kinds). Their data starts at {@link SharedValue#DATA_OFFSET}.
 */
abstract class SharedData {

    final transient SharedBlock block;
    final transient MappedByteBuffer buffer;
    final transient @Nullable AbstractProcessLock lock;
    final transient boolean ownLock;

    SharedData(SharedBlock block, @Nullable AbstractProcessLock lock, boolean ownLock) {
        this.block = block;
        this.buffer = block.buffer();
        this.lock = lock;
        this.ownLock = ownLock;
    }

    /** What this is, for messages: "value", "array", "structure". */
    abstract String kind();

    /** How to get one with a lock, for the message of a raw one's {@link #getLock()}. */
    abstract String howToLock();

    /**
     * Whether it has a lock (Python's synchronized wrapper) or is raw.
     *
     * @return true with a lock
     */
    public boolean hasLock() {
        return lock != null;
    }

    /**
     * The lock that guards compound updates: read-modify-writes, several elements or fields. Python's
     * {@code get_lock()}.
     *
     * @return the lock: by default a {@link io.multiprocess.synchronize.ReentrantProcessLock} of its own
     * @throws ProcessStateException for a raw one (made without a lock)
     */
    public AbstractProcessLock getLock() {
        AbstractProcessLock held = lock;
        if (held == null) {
            throw new ProcessStateException("The raw shared " + kind() + " " + name() + " has no lock; " + howToLock());
        }
        return held;
    }

    /**
     * Acquires the lock and returns a handle whose {@code close()} releases it: Python's {@code with v:} reads
     * {@code try (var held = v.hold()) { ... }}.
     *
     * @return the held lock
     * @throws ProcessStateException for a raw one (made without a lock)
     */
    public Held hold() {
        return getLock().hold();
    }

    /**
     * The name of its shared-memory segment, which a CPython process can map with
     * {@code shared_memory.SharedMemory(name)} (the data starts at {@link SharedValue#DATA_OFFSET}).
     *
     * @return the name
     */
    public String name() {
        return block.name();
    }

    /**
     * Unlinks the segment now if this process created it (see {@link AbstractProcessLock#unlink()}): other
     * processes that have it keep their mapping, and no new process can attach it. A lock given at creation is
     * not unlinked. Without this call the segment is unlinked when the creator no longer references it, or at
     * its exit.
     */
    public void unlink() {
        block.unlink();
    }
}
