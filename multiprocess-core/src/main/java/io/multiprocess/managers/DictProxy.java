package io.multiprocess.managers;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * A proxy of a dict served by a {@link SyncManager}: a {@link java.util.Map} whose entries live in the
 * manager's server, shared by every process that has a proxy of it. Python's {@code DictProxy}
 * ({@code manager.dict()}).
 *
 * <p>Each method runs on the server, atomically: {@code putIfAbsent}, {@code compute}, {@code merge} and
 * the other {@link ConcurrentMap} methods hold the dict's lock while they run (their functions run in
 * the server, so they must be serializable: {@code (BiFunction<K, V, V> & Serializable) (k, v) -> ...}).
 * The dict keeps insertion order and accepts null keys and values, as Python's dict and
 * {@link java.util.LinkedHashMap} do.
 *
 * <p>{@link #keySet()}, {@link #values()} and {@link #entrySet()} are views, as {@link Map} requires:
 * their queries and removals go to the served dict (one call each), {@code Entry.setValue} puts the
 * value, and adding to them throws {@link UnsupportedOperationException}. Their iterators read a copy
 * of the dict taken in one call when the iterator is created (weakly consistent, like a
 * {@link java.util.concurrent.ConcurrentHashMap}'s iterators); an iterator's {@code remove()} removes the
 * current key from the served dict. {@link #forEach} iterates over such a copy, in this process.
 *
 * <p><b>Equality.</b> A dict proxy is a {@link Map} by the interface's contract: it equals any map with
 * the same mappings (another dict proxy included), and its hash code is the sum of its entries' hash
 * codes; both read the served dict in one call, so they change when the dict does (do not use a proxy
 * as a key of a hash map while the dict changes). Two proxies of the same dict are always equal. In the
 * server's own threads (a dict held inside another served object) a proxy compares by identity of the
 * served object, so that the server never calls itself under a lock. A map passed where a method takes
 * one ({@code putAll}) travels as a plain copy of its contents, a proxy's read in one call: so
 * {@code d.putAll(d)} works, and so does any map class.
 *
 * <p>Values that are proxies stay shared: {@code d.put("inner", manager.list())} stores a reference to
 * the served list, and {@code d.get("inner")} returns a proxy of that same list (Python 3.6+
 * semantics). Other values are copied in and out: changing a value object you got from {@code get}
 * changes your copy, not the dict.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface DictProxy<K extends @Nullable Object, V extends @Nullable Object>
        extends ConcurrentMap<K, V>, BaseProxy {

    /**
     * The dict's keys, a view writing through to the served dict; see the class comment.
     *
     * @return the view
     */
    @Override
    default Set<K> keySet() {
        return DictViews.keySet(this);
    }

    /**
     * The dict's values, a view writing through to the served dict; see the class comment.
     *
     * @return the view
     */
    @Override
    default Collection<V> values() {
        return DictViews.values(this);
    }

    /**
     * The dict's entries, a view writing through to the served dict ({@code setValue} included); see the
     * class comment.
     *
     * @return the view
     */
    @Override
    default Set<Map.Entry<K, V>> entrySet() {
        return DictViews.entrySet(this);
    }
}
