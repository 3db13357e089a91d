package io.multiprocess.managers.server;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A namespace served by a {@link io.multiprocess.managers.SyncManager} ({@code manager.namespace()}). Python's {@code managers.Namespace}. */
final class ServedNamespace implements Copyable {

    private final Map<String, @Nullable Object> attributes = new LinkedHashMap<>();

    static ServedNamespace create(Object[] args) {
        return new ServedNamespace();
    }

    public synchronized @Nullable Object get(String name) {
        if (!attributes.containsKey(name)) {
            throw new NoSuchElementException(
                    "The namespace has no attribute '" + name + "'; it has " + attributes.keySet());
        }
        return attributes.get(name);
    }

    public synchronized @Nullable Object get(String name, @Nullable Object defaultValue) {
        return attributes.getOrDefault(name, defaultValue);
    }

    public synchronized void set(String name, @Nullable Object value) {
        attributes.put(name, value);
    }

    public synchronized void delete(String name) {
        if (!attributes.containsKey(name)) {
            throw new NoSuchElementException("The namespace has no attribute '" + name + "' to delete");
        }
        attributes.remove(name);
    }

    public synchronized boolean has(String name) {
        return attributes.containsKey(name);
    }

    public synchronized Set<String> names() {
        return new LinkedHashSet<>(attributes.keySet());
    }

    public synchronized Map<String, @Nullable Object> toMap() {
        return new LinkedHashMap<>(attributes);
    }

    @Override
    public synchronized Object copy() {
        return toMap();
    }

    @Override
    public synchronized String toString() {
        StringBuilder text = new StringBuilder("Namespace(");
        attributes.forEach((k, v) -> text.append(text.length() > 10 ? ", " : "")
                .append(k)
                .append('=')
                .append(v));
        return text.append(')').toString();
    }
}
