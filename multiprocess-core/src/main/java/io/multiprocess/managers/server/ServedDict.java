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

/**
 * A dict served by a {@link io.multiprocess.managers.SyncManager} ({@code manager.dict()}): a {@link LinkedHashMap} behind one
 * lock, so that every method, the {@link ConcurrentMap} ones included, is atomic. Its views are copies
 * (see {@link io.multiprocess.managers.DictProxy}).
 */
final class ServedDict extends AbstractMap<Object, Object> implements ConcurrentMap<Object, Object>, Copyable {

    private final LinkedHashMap<Object, Object> map;

    ServedDict(Map<?, ?> initial) {
        this.map = initial == null ? new LinkedHashMap<>() : new LinkedHashMap<>(initial);
    }

    static ServedDict create(Object[] args) {
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
    public synchronized boolean containsKey(Object key) {
        return map.containsKey(key);
    }

    @Override
    public synchronized boolean containsValue(Object value) {
        return map.containsValue(value);
    }

    @Override
    public synchronized Object get(Object key) {
        return map.get(key);
    }

    @Override
    public synchronized Object getOrDefault(Object key, Object defaultValue) {
        return map.getOrDefault(key, defaultValue);
    }

    @Override
    public synchronized Object put(Object key, Object value) {
        return map.put(key, value);
    }

    @Override
    public synchronized Object remove(Object key) {
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
    public synchronized boolean removeKey(Object key) {
        if (!map.containsKey(key)) {
            return false;
        }
        map.remove(key);
        return true;
    }

    @Override
    public synchronized Set<Object> keySet() {
        return new LinkedHashSet<>(map.keySet());
    }

    @Override
    public synchronized Collection<Object> values() {
        return new ArrayList<>(map.values());
    }

    @Override
    public synchronized Set<Entry<Object, Object>> entrySet() {
        Set<Entry<Object, Object>> copy = new LinkedHashSet<>();
        map.forEach((k, v) -> copy.add(new SnapshotEntry<>(k, v)));
        return copy;
    }

    @Override
    public synchronized Object putIfAbsent(Object key, Object value) {
        return map.putIfAbsent(key, value);
    }

    @Override
    public synchronized boolean remove(Object key, Object value) {
        return map.remove(key, value);
    }

    @Override
    public synchronized boolean replace(Object key, Object oldValue, Object newValue) {
        return map.replace(key, oldValue, newValue);
    }

    @Override
    public synchronized Object replace(Object key, Object value) {
        return map.replace(key, value);
    }

    @Override
    public synchronized Object computeIfAbsent(Object key, Function<? super Object, ?> function) {
        return map.computeIfAbsent(key, function);
    }

    @Override
    public synchronized Object computeIfPresent(Object key, BiFunction<? super Object, ? super Object, ?> function) {
        return map.computeIfPresent(key, function);
    }

    @Override
    public synchronized Object compute(Object key, BiFunction<? super Object, ? super Object, ?> function) {
        return map.compute(key, function);
    }

    @Override
    public synchronized Object merge(Object key, Object value, BiFunction<? super Object, ? super Object, ?> function) {
        return map.merge(key, value, function);
    }

    @Override
    public synchronized void replaceAll(BiFunction<? super Object, ? super Object, ?> function) {
        map.replaceAll(function);
    }

    @Override
    public synchronized void forEach(BiConsumer<? super Object, ? super Object> action) {
        map.forEach(action);
    }

    @Override
    public synchronized boolean equals(Object other) {
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
