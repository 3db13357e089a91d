package io.multiprocess.managers.server;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A key and a value copied out of a served dict ({@link io.multiprocess.managers.DictProxy#entrySet()}): an immutable
 * {@link Map.Entry} that compares as every map entry does.
 *
 * @param key   the key
 * @param value the value
 * @param <K>   the key type
 * @param <V>   the value type
 */
record SnapshotEntry<K extends @Nullable Object, V extends @Nullable Object>(K key, V value)
        implements Map.Entry<K, V> {

    @Override
    public K getKey() {
        return key;
    }

    @Override
    public V getValue() {
        return value;
    }

    @Override
    public V setValue(V replacement) {
        throw new UnsupportedOperationException(
                "An entry of a served dict's entrySet() is a copy; use the dict proxy's "
                        + "put(key, value) to change the dict");
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof Map.Entry<?, ?> entry
                && Objects.equals(key, entry.getKey())
                && Objects.equals(value, entry.getValue());
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(key) ^ Objects.hashCode(value);
    }

    @Override
    public String toString() {
        return key + "=" + value;
    }
}
