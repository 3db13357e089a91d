package io.multiprocess.managers;

import io.multiprocess.function.SerializableSupplier;
import io.multiprocess.managers.server.SegmentTracker;
import io.multiprocess.managers.server.TypeSpec;
import io.multiprocess.process.ProcessSettings;
import io.multiprocess.serialization.DeserializationPolicy;
import io.multiprocess.serialization.Serializer;
import io.multiprocess.sharedmemory.ShareableList;
import io.multiprocess.sharedmemory.SharedMemory;
import io.multiprocess.tracker.ResourceTracker;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * A manager of shared-memory blocks: every {@link SharedMemory} and {@link ShareableList} it creates is
 * unlinked when it shuts down. Python's {@code multiprocessing.managers.SharedMemoryManager}.
 *
 * <pre>{@code
 * try (SharedMemoryManager smm = ctx.sharedMemoryManager()) {    // started
 *     SharedMemory block = smm.sharedMemory(1 << 20);
 *     ShareableList list = smm.shareableList(List.of(1, "two", 3.0));
 *     ...                                                        // children attach by name or receive them
 * }                                                              // both are unlinked here
 * }</pre>
 *
 * <p>As in Python, the blocks are created in the calling process, and the server records their names.
 * The server's process tree's resource tracker takes them over, so that they are unlinked even if that
 * tree dies without a shutdown (SIGKILL); they no longer depend on the creating process, which may end
 * first.
 */
public class SharedMemoryManager extends BaseManager {

    private volatile @Nullable BaseProxy tracker;

    /** A manager on a fresh Unix-domain socket, with this process's key. */
    public SharedMemoryManager() {
        this(null, null, null);
    }

    /**
     * A manager at an address, with a key.
     *
     * @param address the address; null for a fresh Unix-domain socket
     * @param authkey the key; null for this process's
     */
    public SharedMemoryManager(@Nullable SocketAddress address, byte @Nullable [] authkey) {
        this(address, authkey, null);
    }

    /**
     * A manager with a serializer.
     *
     * @param address    the address; null for a fresh Unix-domain socket
     * @param authkey    the key; null for this process's
     * @param serializer the serializer; null for the default context's
     */
    public SharedMemoryManager(
            @Nullable SocketAddress address, byte @Nullable [] authkey, @Nullable Serializer serializer) {
        super(address, authkey, serializer);
        registerSpec(new TypeSpec(SegmentTracker.TYPE_ID, SegmentTracker::create, null, null, null, true, false));
    }

    @Override
    public SharedMemoryManager withContext(ProcessSettings context) {
        super.withContext(context);
        return this;
    }

    @Override
    public SharedMemoryManager withCallTimeout(@Nullable Duration timeout) {
        super.withCallTimeout(timeout);
        return this;
    }

    @Override
    public SharedMemoryManager withShutdownTimeout(Duration timeout) {
        super.withShutdownTimeout(timeout);
        return this;
    }

    @Override
    public SharedMemoryManager withTls(SerializableSupplier<SSLContext> sslContext) {
        super.withTls(sslContext);
        return this;
    }

    @Override
    public SharedMemoryManager withDeserializationPolicy(DeserializationPolicy policy) {
        super.withDeserializationPolicy(policy);
        return this;
    }

    @Override
    public SharedMemoryManager withMaxMessageSize(int bytes) {
        super.withMaxMessageSize(bytes);
        return this;
    }

    @Override
    public SharedMemoryManager enter() {
        super.enter();
        return this;
    }

    /**
     * A new zero-filled block, owned by the manager. Python's {@code smm.SharedMemory(size)}.
     *
     * @param size its size in bytes
     * @return the block, mapped in this process
     * @throws io.multiprocess.managers.ManagerUnreachableException if the server is gone (the block is unlinked then)
     */
    public SharedMemory sharedMemory(long size) {
        SharedMemory block = SharedMemory.create(size);
        handOver(block, size);
        return block;
    }

    /**
     * A new shareable list holding {@code sequence}, owned by the manager. Python's
     * {@code smm.ShareableList(sequence)}.
     *
     * @param sequence the values (numbers, booleans, strings, byte arrays, nulls)
     * @return the list, mapped in this process
     */
    public ShareableList shareableList(List<?> sequence) {
        ShareableList list = new ShareableList(sequence);
        handOver(list.shm(), list.shm().size());
        return list;
    }

    /**
     * The names of the blocks the server holds. Python's {@code list_segments()} of its server.
     *
     * @return the names, oldest first
     */
    public List<String> segments() {
        return tracker().callMethod("segments");
    }

    private void handOver(SharedMemory block, long size) {
        String registry =
                ResourceTracker.registryDirectory().map(Object::toString).orElse(null);
        boolean takenOver;
        try {
            takenOver = tracker().callMethod("track", block.name(), size, registry);
        } catch (RuntimeException e) {
            block.close();
            block.unlink();
            throw e;
        }
        if (takenOver) {
            ResourceTracker.unregister(block.name());
        }
    }

    private BaseProxy tracker() {
        BaseProxy current = tracker;
        if (current == null) {
            synchronized (this) {
                if (tracker == null) {
                    tracker = create(SegmentTracker.TYPE_ID);
                }
                current = tracker;
            }
        }
        return current;
    }
}
