package io.multiprocess.managers;

import java.util.concurrent.ConcurrentMap;

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
 * <p>{@link #keySet()}, {@link #values()} and {@link #entrySet()} return <em>copies</em> taken in one
 * call (a Python 2 dict's {@code keys()}, not a view): iterate over them freely, but change the dict
 * through this proxy's own methods. {@link #forEach} iterates over such a copy, in this process.
 *
 * <p>Values that are proxies stay shared: {@code d.put("inner", manager.list())} stores a reference to
 * the served list, and {@code d.get("inner")} returns a proxy of that same list (Python 3.6+
 * semantics). Other values are copied in and out: changing a value object you got from {@code get}
 * changes your copy, not the dict.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface DictProxy<K, V> extends ConcurrentMap<K, V>, BaseProxy {
}
