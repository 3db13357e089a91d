package io.multiprocess.serialization;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Finds how an object is reached from the value being serialized, for error messages: a breadth-first
 * walk over fields, array elements, collection elements and map entries.
 *
 * <p>Used only after serialization failed, so it favours clarity over speed. It visits at most
 * {@value #MAX_VISITED} objects and skips what reflection may not open (the private state of JDK
 * classes other than collections and maps).
 */
final class ObjectGraphPath {

    static final int MAX_VISITED = 200_000;

    private record Edge(Object parent, String label) {}

    private record Child(String label, Object value) {}

    private ObjectGraphPath() {}

    /**
     * Finds the shortest path from {@code root} to the first object that matches {@code target}.
     *
     * @param root   the value that was being serialized
     * @param target what to look for
     * @return the path, one {@code field (HolderClass)} entry per step, outermost first; empty list when
     *     the root itself matches; empty optional when nothing matches
     */
    static Optional<List<String>> find(@Nullable Object root, Predicate<Object> target) {
        if (root == null) {
            return Optional.empty();
        }
        Map<Object, Edge> seen = new IdentityHashMap<>();
        ArrayDeque<Object> queue = new ArrayDeque<>();
        seen.put(root, new Edge(null, null));
        queue.add(root);
        while (!queue.isEmpty() && seen.size() < MAX_VISITED) {
            Object current = queue.poll();
            if (target.test(current)) {
                return Optional.of(pathTo(current, seen));
            }
            for (Child child : children(current)) {
                Object value = child.value();
                if (value != null && !seen.containsKey(value)) {
                    seen.put(value, new Edge(current, child.label()));
                    queue.add(value);
                }
            }
        }
        return Optional.empty();
    }

    /** Formats a path for a message: {@code a (X) -> b (Y)}, or {@code the value itself}. */
    static String describe(List<String> path) {
        return path.isEmpty() ? "the value itself" : String.join(" -> ", path);
    }

    private static List<String> pathTo(Object node, Map<Object, Edge> seen) {
        List<String> path = new ArrayList<>();
        Object current = node;
        Edge edge = seen.get(current);
        while (edge != null && edge.parent() != null) {
            path.add(edge.label() + " (" + edge.parent().getClass().getName() + ")");
            current = edge.parent();
            edge = seen.get(current);
        }
        Collections.reverse(path);
        return path;
    }

    private static List<Child> children(Object node) {
        Class<?> type = node.getClass();
        List<Child> children = new ArrayList<>();
        if (type.isArray()) {
            if (!type.getComponentType().isPrimitive()) {
                int length = Array.getLength(node);
                for (int i = 0; i < length; i++) {
                    children.add(new Child("[" + i + "]", Array.get(node, i)));
                }
            }
            return children;
        }
        if (isLeaf(type)) {
            return children;
        }
        if (UnserializableTypes.isJdkClass(type)) {
            try {
                if (node instanceof Map<?, ?> map) {
                    int i = 0;
                    for (Map.Entry<?, ?> entry : map.entrySet()) {
                        children.add(new Child("key[" + i + "]", entry.getKey()));
                        children.add(new Child("[" + abbreviate(entry.getKey()) + "]", entry.getValue()));
                        i++;
                    }
                } else if (node instanceof Collection<?> collection) {
                    int i = 0;
                    for (Object element : collection) {
                        children.add(new Child("[" + i++ + "]", element));
                    }
                } else if (node instanceof Optional<?> optional) {
                    optional.ifPresent(value -> children.add(new Child("value", value)));
                }
            } catch (RuntimeException concurrentlyModified) {
                // A collection changing under us only shortens the walk.
            }
            return children;
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            if (UnserializableTypes.isJdkClass(c)) {
                break;
            }
            for (Field field : c.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (Modifier.isStatic(modifiers)
                        || Modifier.isTransient(modifiers)
                        || field.getType().isPrimitive()) {
                    continue;
                }
                try {
                    field.setAccessible(true);
                    children.add(new Child(field.getName(), field.get(node)));
                } catch (RuntimeException | IllegalAccessException inaccessible) {
                    // Reflection may not open this field: it is simply not walked.
                }
            }
        }
        return children;
    }

    private static boolean isLeaf(Class<?> type) {
        return type == String.class
                || Number.class.isAssignableFrom(type) && UnserializableTypes.isJdkClass(type)
                || type == Boolean.class
                || type == Character.class
                || type.isEnum()
                || type == Class.class
                || type == Object.class;
    }

    private static String abbreviate(Object key) {
        String text = String.valueOf(key);
        return text.length() > 40 ? text.substring(0, 37) + "..." : text;
    }
}
