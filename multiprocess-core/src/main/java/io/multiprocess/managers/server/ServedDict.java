package io.multiprocess.managers.server;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A dict served by a {@link io.multiprocess.managers.SyncManager} ({@code manager.dict()}): a {@link LinkedHashMap} behind one
 * lock, so that every method, the {@link ConcurrentMap} ones included, is atomic. Its views are copies
 * (see {@link io.multiprocess.managers.DictProxy}).
 */
final class ServedDict extends AbstractMap<@Nullable Object, @Nullable Object>
        implements ConcurrentMap<@Nullable Object, @Nullable Object>, Copyable {

    private final LinkedHashMap<@Nullable Object, @Nullable Object> map;

    ServedDict(@Nullable Map<?, ?> initial) {
        this.map = initial == null ? new LinkedHashMap<>() : new LinkedHashMap<>(initial);
    }

    static ServedDict create(@Nullable Object[] args) {
        return new ServedDict(args.length == 0 ? null : (Map<?, ?>) args[0]);
    }

    @Override
    public synchronized int size() {
        return map.size();
    }

    @Override
    public synchronized boolean isEmpty() {
        return map.isEmpty();
    }

    @Override
    public synchronized boolean containsKey(@Nullable Object key) {
        return map.containsKey(key);
    }

    @Override
    public synchronized boolean containsValue(@Nullable Object value) {
        return map.containsValue(value);
    }

    @Override
    public synchronized @Nullable Object get(@Nullable Object key) {
        return map.get(key);
    }

    @Override
    public synchronized @Nullable Object getOrDefault(@Nullable Object key, @Nullable Object defaultValue) {
        return map.getOrDefault(key, defaultValue);
    }

    @Override
    public synchronized @Nullable Object put(@Nullable Object key, @Nullable Object value) {
        return map.put(key, value);
    }

    @Override
    public synchronized @Nullable Object remove(@Nullable Object key) {
        return map.remove(key);
    }

    @Override
    public synchronized void putAll(Map<?, ?> entries) {
        map.putAll(entries);
    }

    @Override
    public synchronized void clear() {
        map.clear();
    }

    /**
     * Removes {@code key}'s mapping, telling whether there was one (even to null): what a dict proxy's
     * {@code keySet().remove(key)} calls.
     *
     * @param key the key
     * @return whether the key was present
     */
    public synchronized boolean removeKey(@Nullable Object key) {
        if (!map.containsKey(key)) {
            return false;
        }
        map.remove(key);
        return true;
    }

    @Override
    public synchronized Set<@Nullable Object> keySet() {
        return new LinkedHashSet<>(map.keySet());
    }

    @Override
    public synchronized Collection<@Nullable Object> values() {
        return new ArrayList<>(map.values());
    }

    @Override
    public synchronized Set<Entry<@Nullable Object, @Nullable Object>> entrySet() {
        Set<Entry<@Nullable Object, @Nullable Object>> copy = new LinkedHashSet<>();
        map.forEach((k, v) -> copy.add(new SnapshotEntry<>(k, v)));
        return copy;
    }

    @Override
    public synchronized @Nullable Object putIfAbsent(@Nullable Object key, @Nullable Object value) {
        return map.putIfAbsent(key, value);
    }

    @Override
    public synchronized boolean remove(@Nullable Object key, @Nullable Object value) {
        return map.remove(key, value);
    }

    @Override
    public synchronized boolean replace(@Nullable Object key, @Nullable Object oldValue, @Nullable Object newValue) {
        return map.replace(key, oldValue, newValue);
    }

    @Override
    public synchronized @Nullable Object replace(@Nullable Object key, @Nullable Object value) {
        return map.replace(key, value);
    }

    @Override
    public synchronized @Nullable Object computeIfAbsent(
            @Nullable Object key, Function<? super @Nullable Object, ?> function) {
        return map.computeIfAbsent(key, function);
    }

    @Override
    public synchronized @Nullable Object computeIfPresent(
            @Nullable Object key, BiFunction<? super @Nullable Object, ? super @Nullable Object, ?> function) {
        return map.computeIfPresent(key, function);
    }

    @Override
    public synchronized @Nullable Object compute(
            @Nullable Object key, BiFunction<? super @Nullable Object, ? super @Nullable Object, ?> function) {
        return map.compute(key, function);
    }

    @Override
    public synchronized @Nullable Object merge(
            @Nullable Object key,
            @Nullable Object value,
            BiFunction<? super @Nullable Object, ? super @Nullable Object, ?> function) {
        return map.merge(key, value, function);
    }

    @Override
    public synchronized void replaceAll(BiFunction<? super @Nullable Object, ? super @Nullable Object, ?> function) {
        map.replaceAll(function);
    }

    @Override
    public synchronized void forEach(BiConsumer<? super @Nullable Object, ? super @Nullable Object> action) {
        map.forEach(action);
    }

    @Override
    public synchronized boolean equals(@Nullable Object other) {
        return map.equals(other);
    }

    @Override
    public synchronized int hashCode() {
        return map.hashCode();
    }

    @Override
    public synchronized String toString() {
        return map.toString();
    }

    @Override
    public synchronized Object copy() {
        return new LinkedHashMap<>(map);
    }
}
