package io.multiprocess.hazelcast;

import com.hazelcast.map.IMap;
import io.multiprocess.serialization.Serializer;
import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * A dict of the cluster: Python's manager {@code dict()}, a {@link ConcurrentMap} backed by a Hazelcast
 * {@link IMap}, shared by every process of the cluster that uses the same name; it travels to tasks by
 * name, as {@link ClusterQueue} does.
 *
 * <p>Keys and values are serialized with the context's serializer in the calling thread and stored as
 * bytes; two keys are the same key when they serialize to the same bytes (true of strings, numbers,
 * enums, records of such; not reliably of hash-based collections). Each method is one atomic operation
 * of the cluster; {@code putIfAbsent}, {@code replace} and the two-argument {@code remove} compare
 * values by their bytes, and {@code compute}, {@code merge} and friends are built on them by
 * {@link ConcurrentMap}'s retry loops, so they are atomic too (their functions run here, not in the
 * cluster). Null keys and values are refused, as by {@link ConcurrentMap}.
 *
 * <p>{@link #keySet()}, {@link #values()} and {@link #entrySet()} are <em>copies</em> taken in one call
 * (as the manager's dict proxy gives): change the dict through its own methods. The dict has no order.
 * Unlike the manager's proxy, a value that is itself a cluster dict or queue is stored by name and comes
 * back as the same shared object; other values are copied in and out.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class ClusterDict<K, V> extends AbstractMap<K, V> implements ConcurrentMap<K, V>, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient ClusterContext context;
    private final transient String name;
    private final transient IMap<byte[], byte[]> map;
    private final transient Serializer serializer;

    ClusterDict(ClusterContext context, String name) {
        this.context = context;
        this.name = Objects.requireNonNull(name, "name");
        this.map = context.instance().getMap(name);
        this.serializer = context.serializer();
    }

    /**
     * The dict's name in the cluster.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /** Removes the dict and its entries from the cluster; using the name again makes a new, empty dict. */
    public void destroy() {
        map.destroy();
    }

    private byte[] key(Object key) {
        return serializer.serialize(Objects.requireNonNull(key, "A cluster dict does not take null keys"));
    }

    private byte[] value(Object value) {
        return serializer.serialize(Objects.requireNonNull(value, "A cluster dict does not take null values"));
    }

    private <T> @Nullable T read(byte @Nullable [] bytes) {
        return ClusterInstances.read(serializer, bytes);
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public boolean isEmpty() {
        return map.isEmpty();
    }

    @Override
    public boolean containsKey(Object key) {
        return map.containsKey(key(key));
    }

    @Override
    public @Nullable V get(Object key) {
        return read(map.get(key(key)));
    }

    @Override
    public @Nullable V put(K key, V value) {
        return read(map.put(key(key), value(value)));
    }

    @Override
    public @Nullable V remove(Object key) {
        return read(map.remove(key(key)));
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> entries) {
        Map<byte[], byte[]> bytes = new HashMap<>();
        entries.forEach((k, v) -> bytes.put(key(k), value(v)));
        map.putAll(bytes);
    }

    @Override
    public void clear() {
        map.clear();
    }

    @Override
    public @Nullable V putIfAbsent(K key, V value) {
        return read(map.putIfAbsent(key(key), value(value)));
    }

    @Override
    public boolean remove(Object key, @Nullable Object value) {
        return value != null && map.remove(key(key), value(value));
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        return map.replace(key(key), value(oldValue), value(newValue));
    }

    @Override
    public @Nullable V replace(K key, V value) {
        return read(map.replace(key(key), value(value)));
    }

    /** A copy of the entries, taken in one call; changing it does not change the dict. */
    @Override
    public Set<Entry<K, V>> entrySet() {
        Map<K, V> copy = new LinkedHashMap<>();
        for (Map.Entry<byte[], byte[]> entry : map.entrySet()) {
            copy.put(read(entry.getKey()), read(entry.getValue()));
        }
        return Collections.unmodifiableMap(copy).entrySet();
    }

    @Override
    public String toString() {
        return "ClusterDict[" + name + ", " + ClusterInstances.clusterName(context.instance()) + "]";
    }

    @Serial
    private Object writeReplace() {
        return new Ref(
                ClusterInstances.clusterName(context.instance()),
                name,
                serializer.getClass().getName());
    }

    /** What travels of a dict: its cluster's name and its own. */
    private record Ref(String cluster, String name, String serializerClass) implements Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private Object readResolve() {
            return new ClusterDict<>(ClusterInstances.contextFor(cluster, serializerClass), name);
        }
    }
}
