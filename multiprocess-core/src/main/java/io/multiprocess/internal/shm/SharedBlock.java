package io.multiprocess.internal.shm;

import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The shared-memory segment behind one of the library's shared objects (a lock, a semaphore, a value,
 * an array...), with the life cycle those objects need.
 *
 * <ul>
 *   <li>{@link #create} registers the segment with the {@link SegmentRegistry} (the resource tracker) (before it exists, so
 *       that a crash cannot leak it unnoticed), then creates it with a unique name carrying the
 *       creator's pid.</li>
 *   <li>Only the creator unlinks the name: on {@link #unlink()}, when the block becomes unreachable in
 *       the creator (a {@link Cleaner}), or when the creator's JVM exits normally (a shutdown hook);
 *       then it unregisters it. After a crash, the tracker unlinks it. Processes that attached keep
 *       their mapping after the name is gone; only new attachments fail.</li>
 *   <li>{@link #attach} is canonical per process: while a block is reachable, attaching its name again
 *       returns the same object, and so do its {@link #view views} (so that, say, a re-entrant lock
 *       received twice is one lock in this process).</li>
 *   <li>The mapping is never unmapped explicitly: a thread still using it would crash the JVM. The
 *       garbage collector unmaps it with the buffer.</li>
 * </ul>
 *
 * <p>Internal API.
 */
public final class SharedBlock {

    private static final Cleaner CLEANER = Cleaner.create(runnable -> {
        Thread thread = new Thread(runnable, "multiprocess-shared-block-cleaner");
        thread.setDaemon(true);
        return thread;
    });
    private static final Map<String, WeakReference<SharedBlock>> BLOCKS = new ConcurrentHashMap<>();
    private static final Set<Unlinker> CREATED = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean EXIT_HOOK = new AtomicBoolean();

    private final SharedSegment segment;
    private final String type;
    private final @Nullable Unlinker unlinker;
    private final Map<Object, Object> views = new ConcurrentHashMap<>();

    private SharedBlock(SharedSegment segment, String type, @Nullable Unlinker unlinker) {
        this.segment = segment;
        this.type = type;
        this.unlinker = unlinker;
    }

    /**
     * Creates, registers and maps a new zero-filled block.
     *
     * @param type the tracker's type for it, e.g. {@code "lock"}; also the middle of its name
     * @param size its size in bytes
     * @param registry where the segment is recorded until it is unlinked
     * @return the block, owned by this process
     * @throws io.multiprocess.MultiprocessException if it cannot be registered or created
     */
    public static SharedBlock create(String type, long size, SegmentRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        String name = SharedSegment.uniqueName("mp-" + type.replace('_', '-'));
        registry.register(name, type, size);
        SharedSegment segment;
        try {
            segment = SharedSegment.create(name, size);
        } catch (RuntimeException e) {
            registry.unregister(name);
            throw e;
        }
        Unlinker unlinker = new Unlinker(name, registry);
        SharedBlock block = new SharedBlock(segment, type, unlinker);
        CREATED.add(unlinker);
        installExitHook();
        BLOCKS.put(name, new WeakReference<>(block));
        CLEANER.register(block, () -> {
            forget(name);
            unlinker.unlinkOnce();
        });
        return block;
    }

    /**
     * The block of this name in this process: the one already mapped here if it is still reachable,
     * else a new mapping.
     *
     * @param name the block's name
     * @param type the type expected, for the error message when the name is gone
     * @return the block
     * @throws io.multiprocess.MultiprocessException if no segment of that name exists (its creator unlinked
     *     it, or its creator's tree ended)
     */
    public static SharedBlock attach(String name, String type) {
        Objects.requireNonNull(name, "name");
        while (true) {
            WeakReference<SharedBlock> known = BLOCKS.get(name);
            SharedBlock block = known == null ? null : known.get();
            if (block != null) {
                return block;
            }
            synchronized (BLOCKS) {
                WeakReference<SharedBlock> again = BLOCKS.get(name);
                if (again == known) {
                    SharedBlock attached = new SharedBlock(SharedSegment.attach(name), type, null);
                    BLOCKS.put(name, new WeakReference<>(attached));
                    CLEANER.register(attached, () -> forget(name));
                    return attached;
                }
            }
        }
    }

    /**
     * The canonical view of this block for a key (an offset and a kind, say), made once per block.
     *
     * @param key     what identifies the view
     * @param factory makes the view on first use
     * @param <V>     the view type
     * @return the view
     */
    @SuppressWarnings("unchecked")
    public <V> V view(Object key, Function<SharedBlock, V> factory) {
        Object known = views.get(key);
        if (known != null) {
            return (V) known;
        }
        // Not computeIfAbsent: a factory may itself ask for another view of this block.
        V made = factory.apply(this);
        Object raced = views.putIfAbsent(key, made);
        return raced != null ? (V) raced : made;
    }

    /**
     * Registers an existing view object under a key, so that {@link #view} returns it.
     *
     * @param key  what identifies the view
     * @param view the view
     */
    public void putView(Object key, Object view) {
        views.putIfAbsent(key, view);
    }

    /**
     * The segment.
     *
     * @return the mapped segment
     */
    public SharedSegment segment() {
        return segment;
    }

    /**
     * The mapped memory (native byte order).
     *
     * @return the buffer
     */
    public MappedByteBuffer buffer() {
        return segment.buffer();
    }

    /**
     * The block's name.
     *
     * @return the shared-memory name, without a leading slash
     */
    public String name() {
        return segment.name();
    }

    /**
     * The block's type, as registered.
     *
     * @return e.g. {@code "lock"}
     */
    public String type() {
        return type;
    }

    /**
     * Whether this process created the block.
     *
     * @return true in the creator
     */
    public boolean isCreator() {
        return unlinker != null;
    }

    /**
     * Removes the block's name now (creator only; elsewhere nothing happens), and unregisters it.
     * Everything that already mapped it goes on working; new attachments fail.
     *
     * @return true if this call removed the name
     */
    public boolean unlink() {
        return unlinker != null && unlinker.unlinkOnce();
    }

    /**
     * Whether the block's name still exists.
     *
     * @return true while it can be attached
     */
    public boolean isLinked() {
        return Files.exists(SharedSegment.SHM_DIR.resolve(name()));
    }

    /** Drops a map entry whose block was collected (a newer block of the same name stays). */
    private static void forget(String name) {
        BLOCKS.computeIfPresent(name, (key, ref) -> ref.get() == null ? null : ref);
    }

    private static void installExitHook() {
        if (EXIT_HOOK.compareAndSet(false, true)) {
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                for (Unlinker unlinker : CREATED) {
                                    unlinker.unlinkOnce();
                                }
                            },
                            "multiprocess-shared-block-unlink"));
        }
    }

    @Override
    public String toString() {
        return "SharedBlock[" + name() + ", " + type + (isCreator() ? ", creator" : "") + "]";
    }

    /** Unlinks and unregisters a name once; holds no reference to the block, so it can clean it up. */
    private static final class Unlinker {

        private final String name;
        private final SegmentRegistry registry;
        private final AtomicBoolean done = new AtomicBoolean();

        Unlinker(String name, SegmentRegistry registry) {
            this.name = name;
            this.registry = registry;
        }

        boolean unlinkOnce() {
            if (!done.compareAndSet(false, true)) {
                return false;
            }
            CREATED.remove(this);
            try {
                return SharedSegment.unlink(name);
            } finally {
                registry.unregister(name);
            }
        }
    }
}
