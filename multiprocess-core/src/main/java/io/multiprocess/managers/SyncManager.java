package io.multiprocess.managers;

import io.multiprocess.function.SerializableFunction;
import io.multiprocess.function.SerializableRunnable;
import io.multiprocess.function.SerializableSupplier;
import io.multiprocess.managers.server.ServedTypes;
import io.multiprocess.managers.server.TypeSpec;
import io.multiprocess.pool.Pool;
import io.multiprocess.pool.PoolBuilder;
import io.multiprocess.pool.ResultIterator;
import io.multiprocess.process.DefaultSettings;
import io.multiprocess.process.ProcessSettings;
import io.multiprocess.serialization.DeserializationPolicy;
import io.multiprocess.serialization.Serializer;
import io.multiprocess.sharedctypes.TypeCode;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * A manager of shared collections and synchronization objects. Python's
 * {@code multiprocessing.managers.SyncManager}, what {@code multiprocessing.Manager()} starts.
 *
 * <pre>{@code
 * try (SyncManager manager = ctx.manager()) {              // started
 *     DictProxy<String, Integer> counts = manager.dict();
 *     ListProxy<String> log = manager.list();
 *     LockProxy lock = manager.lock();
 *     ChildProcess worker = ctx.process(() -> {            // proxies travel to children
 *         lock.lock();
 *         try { counts.merge("done", 1, Integer::sum); } finally { lock.unlock(); }
 *         log.add("worker " + ProcessHandle.current().pid());
 *     });
 *     ...
 * }
 * }</pre>
 *
 * <p>Type ids, as Python's: {@code Queue}, {@code JoinableQueue}, {@code Event}, {@code Lock},
 * {@code RLock}, {@code Semaphore}, {@code BoundedSemaphore}, {@code Condition}, {@code Barrier},
 * {@code Pool}, {@code list}, {@code dict}, {@code Value}, {@code Array}, {@code Namespace}, and
 * {@code AsyncResult} and {@code Iterator} for what pools return. A subclass may register more.
 * See {@link BaseManager} for life cycle, threads and failures, and each proxy interface for its
 * semantics.
 */
public class SyncManager extends BaseManager {

    /** A manager on a fresh Unix-domain socket, with this process's key. */
    public SyncManager() {
        this(null, null, null);
    }

    /**
     * A manager at an address, with a key.
     *
     * @param address the address; null for a fresh Unix-domain socket
     * @param authkey the key; null for this process's
     */
    public SyncManager(@Nullable SocketAddress address, byte @Nullable [] authkey) {
        this(address, authkey, null);
    }

    /**
     * A manager with a serializer.
     *
     * @param address    the address; null for a fresh Unix-domain socket
     * @param authkey    the key; null for this process's
     * @param serializer the serializer; null for the default context's
     */
    public SyncManager(@Nullable SocketAddress address, byte @Nullable [] authkey, @Nullable Serializer serializer) {
        super(address, authkey, serializer);
        builtIn("Queue", ServedTypes.factory("Queue"), QueueProxy.class, null, false);
        builtIn("JoinableQueue", ServedTypes.factory("JoinableQueue"), JoinableQueueProxy.class, null, false);
        builtIn("Event", ServedTypes.factory("Event"), EventProxy.class, null, false);
        builtIn("Lock", ServedTypes.factory("Lock"), LockProxy.class, Map.of("newCondition", "Condition"), false);
        builtIn("RLock", ServedTypes.factory("RLock"), LockProxy.class, Map.of("newCondition", "Condition"), false);
        builtIn("Semaphore", ServedTypes.factory("Semaphore"), AcquirerProxy.class, null, false);
        builtIn("BoundedSemaphore", ServedTypes.factory("BoundedSemaphore"), AcquirerProxy.class, null, false);
        builtIn("Condition", ServedTypes.factory("Condition"), ConditionProxy.class, null, false);
        builtIn("Barrier", ServedTypes.factory("Barrier"), BarrierProxy.class, null, false);
        builtIn("list", ServedTypes.factory("list"), ListProxy.class, null, false);
        builtIn("dict", ServedTypes.factory("dict"), DictProxy.class, null, false);
        builtIn("Value", ServedTypes.factory("Value"), ValueProxy.class, null, false);
        builtIn("Array", ServedTypes.factory("Array"), ListProxy.class, null, false);
        builtIn("Namespace", ServedTypes.factory("Namespace"), NamespaceProxy.class, null, false);
        builtIn(
                "Pool",
                SyncManager::newPool,
                PoolProxy.class,
                Map.of(
                        "applyAsync",
                        "AsyncResult",
                        "mapAsync",
                        "AsyncResult",
                        "imap",
                        "Iterator",
                        "imapUnordered",
                        "Iterator"),
                true);
        registerSpec(new TypeSpec("AsyncResult", null, AsyncResultProxy.class, null, null, false, false));
        registerSpec(new TypeSpec("Iterator", null, ResultIterator.class, null, null, false, true));
    }

    private void builtIn(
            String typeId,
            SerializableFunction<Object[], ?> factory,
            Class<?> proxyType,
            @Nullable Map<String, String> methodToTypeId,
            boolean closeOnRelease) {
        registerSpec(new TypeSpec(typeId, factory, proxyType, null, methodToTypeId, true, closeOnRelease));
    }

    /** The pool factory, in the server: its workers are children of the server's process. */
    private static Pool newPool(@Nullable Object[] args) {
        PoolBuilder builder = Pool.builder().settings(DefaultSettings.get());
        if (args.length > 0 && args[0] != null) {
            builder.processes((Integer) args[0]);
        }
        if (args.length > 1 && args[1] != null) {
            builder.initializer((SerializableRunnable) args[1]);
        }
        if (args.length > 2 && args[2] != null) {
            builder.maxTasksPerChild((Integer) args[2]);
        }
        return builder.build();
    }

    @Override
    public SyncManager withContext(ProcessSettings context) {
        super.withContext(context);
        return this;
    }

    @Override
    public SyncManager withCallTimeout(@Nullable Duration timeout) {
        super.withCallTimeout(timeout);
        return this;
    }

    @Override
    public SyncManager withShutdownTimeout(Duration timeout) {
        super.withShutdownTimeout(timeout);
        return this;
    }

    @Override
    public SyncManager withTls(SerializableSupplier<SSLContext> sslContext) {
        super.withTls(sslContext);
        return this;
    }

    @Override
    public SyncManager withDeserializationPolicy(DeserializationPolicy policy) {
        super.withDeserializationPolicy(policy);
        return this;
    }

    @Override
    public SyncManager withMaxMessageSize(int bytes) {
        super.withMaxMessageSize(bytes);
        return this;
    }

    @Override
    public SyncManager enter() {
        super.enter();
        return this;
    }

    // ------------------------------------------------------------------ collections

    /**
     * A new, empty shared dict. Python's {@code manager.dict()}.
     *
     * @param <K> the key type
     * @param <V> the value type
     * @return a proxy of it
     */
    public <K extends @Nullable Object, V extends @Nullable Object> DictProxy<K, V> dict() {
        return create("dict");
    }

    /**
     * A new shared dict holding a copy of {@code initial}. Python's {@code manager.dict(mapping)}.
     *
     * @param initial the first entries
     * @param <K>     the key type
     * @param <V>     the value type
     * @return a proxy of it
     */
    public <K extends @Nullable Object, V extends @Nullable Object> DictProxy<K, V> dict(
            Map<? extends K, ? extends V> initial) {
        return create("dict", initial);
    }

    /**
     * A new, empty shared list. Python's {@code manager.list()}.
     *
     * @param <E> the element type
     * @return a proxy of it
     */
    public <E extends @Nullable Object> ListProxy<E> list() {
        return create("list");
    }

    /**
     * A new shared list holding a copy of {@code initial}. Python's {@code manager.list(sequence)}.
     *
     * @param initial the first elements
     * @param <E>     the element type
     * @return a proxy of it
     */
    public <E extends @Nullable Object> ListProxy<E> list(Collection<? extends E> initial) {
        return create("list", initial);
    }

    /**
     * A new, empty namespace. Python's {@code manager.Namespace()}.
     *
     * @return a proxy of it
     */
    public NamespaceProxy namespace() {
        return create("Namespace");
    }

    /**
     * A new value of any serializable type. Python's {@code manager.Value(typecode, value)} without a
     * type code.
     *
     * @param initial the first value
     * @param <T>     the value type
     * @return a proxy of it
     */
    public <T extends @Nullable Object> ValueProxy<T> value(T initial) {
        return create("Value", null, initial);
    }

    /**
     * A new typed value. Python's {@code manager.Value(typecode, value)}: {@code value("i", 0)}.
     *
     * @param typecode a type code ({@code "i"}, {@code "d"}...; see {@link TypeCode})
     * @param initial  the first value, converted to the type
     * @param <T>      the value type (the type code's boxed type)
     * @return a proxy of it
     * @throws IllegalArgumentException for an unknown type code
     */
    public <T> ValueProxy<T> value(String typecode, Object initial) {
        return create("Value", TypeCode.of(typecode), initial);
    }

    /**
     * A new typed array of fixed size. Python's {@code manager.Array(typecode, size_or_initializer)}.
     *
     * @param typecode          a type code
     * @param sizeOrInitializer a size (zero-filled) or the first elements (a collection, an array, or a
     *                          String for {@code "c"})
     * @param <E>               the element type (the type code's boxed type)
     * @return a proxy of it, a list whose size cannot change
     */
    public <E> ListProxy<E> array(String typecode, Object sizeOrInitializer) {
        return create("Array", TypeCode.of(typecode), sizeOrInitializer);
    }

    // ------------------------------------------------------------------ queues

    /**
     * A new unbounded queue. Python's {@code manager.Queue()}.
     *
     * @param <E> the element type
     * @return a proxy of it
     */
    public <E> QueueProxy<E> queue() {
        return create("Queue", 0);
    }

    /**
     * A new queue of at most {@code maxsize} items. Python's {@code manager.Queue(maxsize)}.
     *
     * @param maxsize the bound; zero or less for none
     * @param <E>     the element type
     * @return a proxy of it
     */
    public <E> QueueProxy<E> queue(int maxsize) {
        return create("Queue", maxsize);
    }

    /**
     * A new unbounded joinable queue. Python's {@code manager.JoinableQueue()}.
     *
     * @param <E> the element type
     * @return a proxy of it
     */
    public <E> JoinableQueueProxy<E> joinableQueue() {
        return create("JoinableQueue", 0);
    }

    /**
     * A new joinable queue of at most {@code maxsize} items.
     *
     * @param maxsize the bound; zero or less for none
     * @param <E>     the element type
     * @return a proxy of it
     */
    public <E> JoinableQueueProxy<E> joinableQueue(int maxsize) {
        return create("JoinableQueue", maxsize);
    }

    // ------------------------------------------------------------------ synchronization

    /**
     * A new non-recursive lock. Python's {@code manager.Lock()}.
     *
     * @return a proxy of it
     */
    public LockProxy lock() {
        return create("Lock");
    }

    /**
     * A new re-entrant lock. Python's {@code manager.RLock()}.
     *
     * @return a proxy of it
     */
    public LockProxy rlock() {
        return create("RLock");
    }

    /**
     * A new semaphore with value 1. Python's {@code manager.Semaphore()}.
     *
     * @return a proxy of it
     */
    public AcquirerProxy semaphore() {
        return semaphore(1);
    }

    /**
     * A new semaphore. Python's {@code manager.Semaphore(value)}.
     *
     * @param value the initial value, zero or more
     * @return a proxy of it
     */
    public AcquirerProxy semaphore(int value) {
        return create("Semaphore", value);
    }

    /**
     * A new bounded semaphore: releasing it above its initial value fails. Python's
     * {@code manager.BoundedSemaphore(value)}.
     *
     * @param value the initial and largest value, 1 or more
     * @return a proxy of it
     */
    public AcquirerProxy boundedSemaphore(int value) {
        return create("BoundedSemaphore", value);
    }

    /**
     * A new condition with its own re-entrant lock. Python's {@code manager.Condition()}.
     *
     * @return a proxy of it
     */
    public ConditionProxy condition() {
        return create("Condition");
    }

    /**
     * A new condition over a lock of this manager. Python's {@code manager.Condition(lock)}.
     *
     * @param lock a proxy from {@link #lock()} or {@link #rlock()} of this manager
     * @return a proxy of it
     * @throws IllegalArgumentException if {@code lock} is not a lock of this manager
     */
    public ConditionProxy condition(LockProxy lock) {
        return create("Condition", lock);
    }

    /**
     * A new event. Python's {@code manager.Event()}.
     *
     * @return a proxy of it
     */
    public EventProxy event() {
        return create("Event");
    }

    /**
     * A new barrier. Python's {@code manager.Barrier(parties)}.
     *
     * @param parties how many parties must arrive
     * @return a proxy of it
     */
    public BarrierProxy barrier(int parties) {
        return create("Barrier", parties);
    }

    /**
     * A new barrier with an action and a default timeout. Python's {@code manager.Barrier(parties, action, timeout)}.
     *
     * @param parties how many parties must arrive
     * @param action  run in the server by the last party to arrive; null for none
     * @param timeout the default timeout of {@code await()}; null for none
     * @return a proxy of it
     */
    public BarrierProxy barrier(int parties, @Nullable SerializableRunnable action, @Nullable Duration timeout) {
        return create("Barrier", parties, action, timeout);
    }

    // ------------------------------------------------------------------ pools

    /**
     * A new pool with one worker per CPU, in the server's process. Python's {@code manager.Pool()}.
     *
     * @return a proxy of it
     */
    public PoolProxy pool() {
        return create("Pool");
    }

    /**
     * A new pool of {@code processes} workers, in the server's process. Python's {@code manager.Pool(processes)}.
     *
     * @param processes the number of workers
     * @return a proxy of it
     */
    public PoolProxy pool(int processes) {
        return create("Pool", processes);
    }

    /**
     * A new pool with an initializer and a task quota per worker. Python's
     * {@code manager.Pool(processes, initializer, initargs, maxtasksperchild)}.
     *
     * @param processes        the number of workers
     * @param initializer      run by each worker first; null for none
     * @param maxTasksPerChild tasks per worker before it is replaced; 0 for no limit
     * @return a proxy of it
     */
    public PoolProxy pool(int processes, @Nullable SerializableRunnable initializer, int maxTasksPerChild) {
        return create("Pool", processes, initializer, maxTasksPerChild <= 0 ? null : maxTasksPerChild);
    }
}
