package io.multiprocess.serialization;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * This process's table of {@link Reduction} registrations, copied on write: readers (every serializer,
 * on every object or class) take the current table with one volatile read and never lock.
 *
 * <p>The table's identity is its version: a Kryo instance remembers the table it was configured with,
 * and {@link KryoSerializer} replaces instances whose table is no longer the current one.
 */
final class Reductions {

    private static final Object LOCK = new Object();
    private static volatile Map<Class<?>, RegisteredReduction> table = Map.of();

    private Reductions() {}

    /** The current table; immutable. */
    static Map<Class<?>, RegisteredReduction> table() {
        return table;
    }

    /** The registration for an object's exact class, if any; an enum constant with a body counts as its enum. */
    static @Nullable RegisteredReduction forClass(Map<Class<?>, RegisteredReduction> current, Class<?> type) {
        if (current.isEmpty()) {
            return null;
        }
        RegisteredReduction found = current.get(type);
        if (found == null
                && !type.isEnum()
                && Enum.class.isAssignableFrom(type)
                && type.getSuperclass() != Enum.class) {
            found = current.get(type.getSuperclass());
        }
        return found;
    }

    static void put(RegisteredReduction reduction) {
        synchronized (LOCK) {
            Map<Class<?>, RegisteredReduction> next = new HashMap<>(table);
            next.put(reduction.type(), reduction);
            table = Map.copyOf(next);
        }
    }

    static boolean remove(Class<?> type) {
        synchronized (LOCK) {
            if (!table.containsKey(type)) {
                return false;
            }
            Map<Class<?>, RegisteredReduction> next = new HashMap<>(table);
            next.remove(type);
            table = Map.copyOf(next);
            return true;
        }
    }

    /** Adds the registrations for classes that have none here; returns how many were added. */
    static int putAbsent(Collection<RegisteredReduction> reductions) {
        synchronized (LOCK) {
            Map<Class<?>, RegisteredReduction> next = new HashMap<>(table);
            int added = 0;
            for (RegisteredReduction reduction : reductions) {
                if (next.putIfAbsent(reduction.type(), reduction) == null) {
                    added++;
                }
            }
            if (added > 0) {
                table = Map.copyOf(next);
            }
            return added;
        }
    }

    /** The Kryo serializer that Java serialization uses for classes registered with a Kryo serializer. */
    static KryoSerializer kryo() {
        return SharedKryo.INSTANCE;
    }

    private static final class SharedKryo {
        static final KryoSerializer INSTANCE = new KryoSerializer();
    }
}
