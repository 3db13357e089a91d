package io.multiprocess.sharedmemory;

import io.multiprocess.MultiprocessException;
import io.multiprocess.ProcessStateException;
import io.multiprocess.internal.shm.NativeCopy;
import io.multiprocess.internal.shm.SharedSegment;
import io.multiprocess.tracker.ResourceTracker;
import java.io.Serial;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A block of POSIX shared memory that processes, Java or not, can map by name. Python's
 * {@code multiprocessing.shared_memory.SharedMemory}.
 *
 * <pre>{@code
 * try (SharedMemory shm = SharedMemory.create(1 << 20)) {      // a new block, named psm-<pid>-<random>
 *     shm.buf().put(0, (byte) 42);                             // or shm.write(0, bytes) for many
 *     ctx.process(m -> System.out.println(m.buf().get(0)), shm).start();   // travels as its name
 *     ...
 *     shm.unlink();                                             // the creator unlinks it when done
 * }
 * }</pre>
 *
 * <p><b>Compatible with CPython.</b> The block is the file {@code /dev/shm/<name>}, which is what
 * {@code shm_open("/<name>")} opens, so Python's {@code SharedMemory(name)} attaches to a block Java
 * created and sees the same bytes, and Java attaches to Python's blocks ({@code psm_...}). Its size is
 * the size asked for (as on Linux in Python). Names use letters, digits, '_', '.' and '-'; a leading
 * '/' is accepted and dropped.
 *
 * <p><b>Life cycle, as in Python.</b> {@link #close()} unmaps this process's view and
 * {@link #unlink()} removes the name; the memory is freed when every process has unmapped it. The
 * creator registers the block with the {@link ResourceTracker}; if the creator's process tree ends
 * without unlinking it, the tracker unlinks it and prints a warning naming it. Attaching registers
 * nothing (CPython's gh-82300 is not repeated), and {@code unlink()} from any process of the tree
 * unregisters it.
 *
 * <p><b>Caution:</b> {@code close()} unmaps at once. Buffers obtained from {@link #buf()} must not be
 * used afterwards: the memory behind them is gone, and touching it would crash the JVM (CPython
 * refuses to close while views are exported; Java cannot tell). {@code buf()} itself throws after
 * {@code close()}. Blocks are limited to 2 GiB - 1 bytes (one {@link ByteBuffer}).
 */
public final class SharedMemory implements AutoCloseable, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The tracker's type for these blocks, as Python names it. */
    public static final String TYPE = "shared_memory";

    private final transient SharedSegment segment;
    private final String name;
    private final long size;

    /**
     * Python's constructor {@code SharedMemory(name, create, size)}.
     *
     * @param name   the block's name; null to generate one (only when creating)
     * @param create true to create a new block, false to attach to an existing one
     * @param size   the size of a new block, 1 to 2 GiB - 1 bytes; ignored when attaching
     * @throws IllegalArgumentException for a bad name or size, or a null name when attaching
     * @throws MultiprocessException if the name exists already (create) or does not exist (attach), or
     *     the system refuses (a full {@code /dev/shm}, say)
     */
    public SharedMemory(@Nullable String name, boolean create, long size) {
        String bare = name == null ? null : name.startsWith("/") ? name.substring(1) : name;
        if (create) {
            if (size <= 0) {
                throw new IllegalArgumentException("A new shared-memory block needs a positive size, not " + size);
            }
            String actual = bare != null ? bare : SharedSegment.uniqueName("psm");
            // Registered before the block exists (a creator killed in between leaves no block untracked), but
            // only if no record of that name exists: a creation that fails because the name is taken must
            // leave the existing block's record alone, or the tracker would no longer clean that block up.
            Optional<ResourceTracker.Claim> claim = ResourceTracker.registerIfAbsent(actual, TYPE, size);
            SharedSegment created;
            try {
                created = SharedSegment.create(actual, size);
            } catch (RuntimeException e) {
                claim.ifPresent(ResourceTracker.Claim::withdraw);
                throw e;
            }
            if (claim.isEmpty()) {
                // The record found was stale (its block had been unlinked without unregistering): now it is ours.
                ResourceTracker.register(actual, TYPE, size);
            }
            this.segment = created;
        } else {
            if (bare == null) {
                throw new IllegalArgumentException("Attaching to a shared-memory block needs its name");
            }
            this.segment = SharedSegment.attach(bare);
        }
        this.name = segment.name();
        this.size = segment.size();
    }

    /**
     * Creates a block with a generated name ({@code psm-<pid>-<random>}).
     *
     * @param size its size, 1 to 2 GiB - 1 bytes
     * @return the new, zero-filled block
     * @throws MultiprocessException if the system refuses
     */
    public static SharedMemory create(long size) {
        return new SharedMemory(null, true, size);
    }

    /**
     * Creates a block with the given name.
     *
     * @param name its name
     * @param size its size, 1 to 2 GiB - 1 bytes
     * @return the new, zero-filled block
     * @throws MultiprocessException if a block of that name exists or the system refuses
     */
    public static SharedMemory create(String name, long size) {
        return new SharedMemory(name, true, size);
    }

    /**
     * Attaches to an existing block, created by Java or by another program (CPython's
     * {@code SharedMemory(name)}).
     *
     * @param name the block's name
     * @return the block, mapped in this process
     * @throws MultiprocessException if no block of that name exists
     */
    public static SharedMemory attach(String name) {
        return new SharedMemory(name, false, 0);
    }

    /**
     * A view of the whole block: position 0, limit {@link #size()}, native byte order (as Python's
     * {@code struct} uses by default). Each call returns a new view with its own position. Python's
     * {@code buf}.
     *
     * @return the buffer
     * @throws ProcessStateException after {@link #close()}
     */
    public ByteBuffer buf() {
        return mapped().duplicate().order(ByteOrder.nativeOrder());
    }

    /**
     * Copies a whole byte array into the block at {@code offset}. Python's
     * {@code shm.buf[offset:offset + len(data)] = data}. Large copies run at the C library's
     * {@code memmove} speed (a {@code buf().put(...)} of a large array is slower on JDK 17).
     *
     * @param offset where in the block the bytes go
     * @param source the bytes
     * @throws IndexOutOfBoundsException if they do not fit in the block from {@code offset}
     * @throws ProcessStateException after {@link #close()}
     */
    public void write(int offset, byte[] source) {
        write(offset, source, 0, source.length);
    }

    /**
     * Copies part of a byte array into the block at {@code offset}, at {@code memmove} speed for large
     * copies.
     *
     * @param offset       where in the block the bytes go
     * @param source       the array
     * @param sourceOffset the first byte of the array to copy
     * @param length       how many bytes
     * @throws IndexOutOfBoundsException if either range is out of bounds
     * @throws ProcessStateException after {@link #close()}
     */
    public void write(int offset, byte[] source, int sourceOffset, int length) {
        ByteBuffer buffer = mapped();
        NativeCopy.put(buffer, segment.address(0), offset, source, sourceOffset, length);
    }

    /**
     * Copies bytes of the block, from {@code offset}, into a whole byte array. Python's
     * {@code bytes(shm.buf[offset:offset + n])} into an existing array; {@code memmove} speed for large
     * copies.
     *
     * @param offset where in the block the bytes start
     * @param target the array to fill
     * @throws IndexOutOfBoundsException if the block has fewer bytes from {@code offset}
     * @throws ProcessStateException after {@link #close()}
     */
    public void read(int offset, byte[] target) {
        read(offset, target, 0, target.length);
    }

    /**
     * Copies bytes of the block, from {@code offset}, into part of a byte array; {@code memmove} speed
     * for large copies.
     *
     * @param offset       where in the block the bytes start
     * @param target       the array
     * @param targetOffset where in the array the bytes go
     * @param length       how many bytes
     * @throws IndexOutOfBoundsException if either range is out of bounds
     * @throws ProcessStateException after {@link #close()}
     */
    public void read(int offset, byte[] target, int targetOffset, int length) {
        ByteBuffer buffer = mapped();
        NativeCopy.get(buffer, segment.address(0), offset, target, targetOffset, length);
    }

    private ByteBuffer mapped() {
        if (segment.isClosed()) {
            throw new ProcessStateException(
                    "The shared-memory block " + name + " is closed in this process; attach it " + "again to use it");
        }
        return segment.buffer();
    }

    /**
     * The block's name, without a leading slash: what another process passes to attach it.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The block's size in bytes.
     *
     * @return the size
     */
    public long size() {
        return size;
    }

    /**
     * Whether this object created the block.
     *
     * @return true for the creator
     */
    public boolean isCreator() {
        return segment.isOwner();
    }

    /**
     * Unmaps the block from this process; the block lives on for the others. Buffers from {@link #buf()}
     * must not be used afterwards (see the class documentation). Closing twice does nothing.
     */
    @Override
    public void close() {
        segment.close();
    }

    /**
     * Removes the block's name, so that no process can attach any more; the memory is freed once every
     * process has closed it. Call it once, in one process (normally the creator). Unlinking a name that is
     * already gone does nothing. Python's {@code unlink()}.
     */
    public void unlink() {
        try {
            SharedSegment.unlink(name);
        } finally {
            ResourceTracker.unregister(name);
        }
    }

    @Override
    public String toString() {
        return "SharedMemory('" + name + "', size=" + size + (segment.isClosed() ? ", closed" : "") + ")";
    }

    @Serial
    private Object writeReplace() {
        return new Ticket(name);
    }

    /** How a block travels: its name; the receiver attaches it. */
    private record Ticket(String name) implements Serializable {
        @Serial
        private Object readResolve() {
            return SharedMemory.attach(name);
        }
    }
}
