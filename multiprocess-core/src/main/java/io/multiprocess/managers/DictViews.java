package io.multiprocess.managers;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The {@code keySet()}, {@code values()} and {@code entrySet()} views of a {@link DictProxy}: they live
 * in this process and read and write the served dict through the proxy, so that the {@link Map}
 * contract holds (removing from a view removes from the dict, {@code Entry.setValue} puts).
 *
 * <p>Queries ({@code size}, {@code contains}) and removals are one call each. An iterator reads a copy of
 * the dict taken in one call when it is created (weakly consistent, like a
 * {@link java.util.concurrent.ConcurrentHashMap}'s); its {@code remove()} removes the current key from
 * the served dict. Adding to a view throws {@link UnsupportedOperationException}, as for the JDK's maps.
 */
final class DictViews {

    private DictViews() {}

    static <K extends @Nullable Object, V extends @Nullable Object> Set<K> keySet(DictProxy<K, V> dict) {
        return new KeySet<>(dict);
    }

    static <K extends @Nullable Object, V extends @Nullable Object> Collection<V> values(DictProxy<K, V> dict) {
        return new Values<>(dict);
    }

    static <K extends @Nullable Object, V extends @Nullable Object> Set<Map.Entry<K, V>> entrySet(
            DictProxy<K, V> dict) {
        return new EntrySet<>(dict);
    }

    /** A copy of the served dict, in its order, in one call. */
    private static <K extends @Nullable Object, V extends @Nullable Object> List<Map.Entry<K, V>> snapshot(
            DictProxy<K, V> dict) {
        Map<K, V> copy = dict.copyReferent();
        List<Map.Entry<K, V>> entries = new ArrayList<>(copy.size());
        for (Map.Entry<K, V> entry : new LinkedHashMap<>(copy).entrySet()) {
            entries.add(new AbstractMap.SimpleImmutableEntry<>(entry.getKey(), entry.getValue()));
        }
        return entries;
    }

    /** Iterates over a snapshot; {@code remove()} removes the current key from the served dict. */
    private static final class SnapshotIterator<
                    K extends @Nullable Object, V extends @Nullable Object, T extends @Nullable Object>
            implements Iterator<T> {
        private final DictProxy<K, V> dict;
        private final Iterator<Map.Entry<K, V>> entries;
        private final Function<Map.Entry<K, V>, T> element;
        private Map.@Nullable Entry<K, V> last;

        SnapshotIterator(DictProxy<K, V> dict, Function<Map.Entry<K, V>, T> element) {
            this.dict = dict;
            this.entries = snapshot(dict).iterator();
            this.element = element;
        }

        @Override
        public boolean hasNext() {
            return entries.hasNext();
        }

        @Override
        public T next() {
            if (!entries.hasNext()) {
                throw new NoSuchElementException();
            }
            last = entries.next();
            return element.apply(last);
        }

        @Override
        public void remove() {
            if (last == null) {
                throw new IllegalStateException("next() was not called, or remove() was called already");
            }
            dict.remove(last.getKey());
            last = null;
        }
    }

    private static final class KeySet<K extends @Nullable Object, V extends @Nullable Object> extends AbstractSet<K> {
        private final DictProxy<K, V> dict;

        KeySet(DictProxy<K, V> dict) {
            this.dict = dict;
        }

        @Override
        public Iterator<K> iterator() {
            return new SnapshotIterator<>(dict, Map.Entry::getKey);
        }

        @Override
        public int size() {
            return dict.size();
        }

        @Override
        public boolean isEmpty() {
            return dict.isEmpty();
        }

        @Override
        public boolean contains(@Nullable Object key) {
            return dict.containsKey(key);
        }

        @Override
        public boolean remove(@Nullable Object key) {
            return dict.<Boolean>callMethod("removeKey", key);
        }

        @Override
        public void clear() {
            dict.clear();
        }
    }

    private static final class Values<K extends @Nullable Object, V extends @Nullable Object>
            extends AbstractCollection<V> {
        private final DictProxy<K, V> dict;

        Values(DictProxy<K, V> dict) {
            this.dict = dict;
        }

        @Override
        public Iterator<V> iterator() {
            return new SnapshotIterator<>(dict, Map.Entry::getValue);
        }

        @Override
        public int size() {
            return dict.size();
        }

        @Override
        public boolean isEmpty() {
            return dict.isEmpty();
        }

        @Override
        public boolean contains(@Nullable Object value) {
            return dict.containsValue(value);
        }

        @Override
        public void clear() {
            dict.clear();
        }
    }

    private static final class EntrySet<K extends @Nullable Object, V extends @Nullable Object>
            extends AbstractSet<Map.Entry<K, V>> {
        private final DictProxy<K, V> dict;

        EntrySet(DictProxy<K, V> dict) {
            this.dict = dict;
        }

        @Override
        public Iterator<Map.Entry<K, V>> iterator() {
            return new SnapshotIterator<>(dict, entry -> new WritingEntry<>(dict, entry.getKey(), entry.getValue()));
        }

        @Override
        public int size() {
            return dict.size();
        }

        @Override
        public boolean isEmpty() {
            return dict.isEmpty();
        }

        @Override
        public boolean contains(@Nullable Object o) {
            if (!(o instanceof Map.Entry<?, ?> entry)) {
                return false;
            }
            Object value = dict.get(entry.getKey());
            return Objects.equals(value, entry.getValue()) && (value != null || dict.containsKey(entry.getKey()));
        }

        @Override
        public boolean remove(@Nullable Object o) {
            return o instanceof Map.Entry<?, ?> entry && dict.remove(entry.getKey(), entry.getValue());
        }

        @Override
        public void clear() {
            dict.clear();
        }
    }

    /** An entry whose {@code setValue} puts the value into the served dict. */
    private static final class WritingEntry<K extends @Nullable Object, V extends @Nullable Object>
            extends AbstractMap.SimpleEntry<K, V> {
        private static final long serialVersionUID = 1L;
        private final transient DictProxy<K, V> dict;

        WritingEntry(DictProxy<K, V> dict, K key, V value) {
            super(key, value);
            this.dict = dict;
        }

        @Override
        public V setValue(V value) {
            dict.put(getKey(), value);
            return super.setValue(value);
        }
    }
}
