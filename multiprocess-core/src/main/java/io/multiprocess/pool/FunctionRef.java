package io.multiprocess.pool;

import io.multiprocess.serialization.Serializer;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A task's function (or callable), serialized once and known by a number, so that each worker
 * receives and deserializes it once rather than with every task. Internal.
 *
 * <p>The bytes of a function are reused across calls only when they cannot change: when the
 * function's class has no instance fields, or only final fields of immutable types (primitives,
 * boxed primitives, strings, enums), as a lambda that captures an {@code int} has. A function that
 * holds anything else (a list it captured, say) is serialized again for every call, so that changes
 * made between calls travel as Python's pool would send them.
 */
final class FunctionRef {

    private static final AtomicLong IDS = new AtomicLong();

    private static final ClassValue<Boolean> IMMUTABLE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return hasOnlyImmutableState(type);
        }
    };

    final long id;
    final Object function;
    final byte @Nullable [] bytes;

    private FunctionRef(Object function, byte @Nullable [] bytes) {
        this.id = IDS.incrementAndGet();
        this.function = function;
        this.bytes = bytes;
    }

    /** A reference without bytes, for tasks that run in this JVM. */
    static FunctionRef local(Object function) {
        return new FunctionRef(function, null);
    }

    /** Whether instances of this class always serialize to the same bytes. */
    static boolean isImmutable(Class<?> type) {
        return IMMUTABLE.get(type);
    }

    private static boolean hasOnlyImmutableState(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (Modifier.isStatic(modifiers)) {
                    continue;
                }
                if (!Modifier.isFinal(modifiers)) {
                    return false;
                }
                Class<?> fieldType = field.getType();
                boolean immutable = fieldType.isPrimitive()
                        || fieldType == String.class
                        || fieldType.isEnum()
                        || fieldType == Integer.class
                        || fieldType == Long.class
                        || fieldType == Double.class
                        || fieldType == Float.class
                        || fieldType == Short.class
                        || fieldType == Byte.class
                        || fieldType == Character.class
                        || fieldType == Boolean.class;
                if (!immutable) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The serialized functions of one pool, by identity, for the functions whose bytes cannot change.
     * Holds at most {@value #CAPACITY} functions, the least recently used leaving first.
     */
    static final class Cache {

        static final int CAPACITY = 64;

        private final Map<IdentityKey, FunctionRef> refs = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<IdentityKey, FunctionRef> eldest) {
                return size() > CAPACITY;
            }
        };

        /**
         * The reference for a function, serializing it (in the calling thread) unless a reusable one exists.
         *
         * @throws io.multiprocess.SerializationException if the function cannot be serialized
         */
        FunctionRef refFor(Object function, Serializer serializer) {
            if (!isImmutable(function.getClass())) {
                return new FunctionRef(function, serializer.serialize(function));
            }
            IdentityKey key = new IdentityKey(function);
            synchronized (refs) {
                FunctionRef known = refs.get(key);
                if (known != null) {
                    return known;
                }
            }
            FunctionRef created = new FunctionRef(function, serializer.serialize(function));
            synchronized (refs) {
                FunctionRef raced = refs.putIfAbsent(key, created);
                return raced != null ? raced : created;
            }
        }
    }

    /** A map key comparing by identity. */
    private record IdentityKey(Object value) {

        @Override
        public boolean equals(Object other) {
            return other instanceof IdentityKey key && key.value == value;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(value);
        }
    }
}
