package io.multiprocess.spring.parallel;

import io.multiprocess.SerializationException;
import io.multiprocess.managers.BaseProxy;
import io.multiprocess.serialization.Serializer;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Checks that a bean can travel to a worker process with its collaborators, and explains in the bean's
 * terms why it cannot. Internal.
 *
 * <p>Two failures are told apart. Spring's own objects (proxies, the application context, object
 * factories) would often serialize without complaint and then break in a worker, which has no Spring;
 * they are looked for before anything is sent, field by field through the application's objects.
 * Objects that hold JDK resources (a thread, a socket, an executor) are refused by the serializer
 * itself; its {@link SerializationException} is then rethrown naming the collaborator it came from.
 */
final class Collaborators {

    /** How deep, and through how many objects, the search for Spring's objects goes. */
    private static final int MAX_DEPTH = 8;

    private static final int MAX_OBJECTS = 5_000;

    private static final String ADVICE = "Mark the field transient (it then arrives as null in the workers, so the "
            + "method must not use it there), or give the bean what its chunks need as plain data (values, records, a "
            + "properties object) instead.";

    private Collaborators() {}

    /**
     * Throws if the bean, or an application object it references, holds a Spring proxy or Spring's
     * container.
     *
     * @param target the bean's own object (not its proxy)
     * @param method the method, for the message
     * @throws SerializationException naming the collaborator, the path to the offending object, and what to do
     */
    static void checkCanTravel(Object target, ParallelMapMethod method) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.add(target);
        List<String> path = new ArrayList<>();
        walk(target, path, seen, method, target);
    }

    private static void walk(
            Object holder, List<String> path, Set<Object> seen, ParallelMapMethod method, Object target) {
        if (path.size() >= MAX_DEPTH) {
            return;
        }
        for (Map.Entry<Field, @Nullable Object> field : sentFields(holder)) {
            Object value = field.getValue();
            if (value == null || !seen.add(value) || seen.size() > MAX_OBJECTS) {
                continue;
            }
            path.add(field.getKey().getName() + " (" + value.getClass().getName() + ")");
            String why = springObject(value);
            if (why != null) {
                throw refusal(method, target, path, value, why);
            }
            if (!isJdk(value.getClass()) && !value.getClass().isArray()) {
                walk(value, path, seen, method, target);
            }
            path.remove(path.size() - 1);
        }
    }

    /**
     * The fields of an application object that its serialization sends (instance fields that are not
     * transient, declared by the application's classes, not the JDK's), with their values.
     */
    private static List<Map.Entry<Field, @Nullable Object>> sentFields(Object holder) {
        List<Map.Entry<Field, @Nullable Object>> fields = new ArrayList<>();
        for (Class<?> type = holder.getClass(); type != null && !isJdk(type); type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (Modifier.isStatic(modifiers)
                        || Modifier.isTransient(modifiers)
                        || field.getType().isPrimitive()
                        || !field.trySetAccessible()) {
                    continue;
                }
                try {
                    fields.add(new AbstractMap.SimpleImmutableEntry<>(field, field.get(holder)));
                } catch (IllegalAccessException e) {
                    // Not readable: the serializer will say so if it matters.
                }
            }
        }
        return fields;
    }

    /** Why an object of Spring's cannot work in a worker, or null if it is not one. */
    private static @Nullable String springObject(Object value) {
        Class<?> type = value.getClass();
        if (AopUtils.isAopProxy(value) || type.getName().contains("$$SpringCGLIB$$")) {
            return "is a Spring proxy (around " + AopUtils.getTargetClass(value).getName() + "): it calls into the "
                    + "application context, which the worker processes do not have";
        }
        if (Proxy.isProxyClass(type) && !(value instanceof BaseProxy)) {
            // A manager's proxy (a BaseProxy) travels: the worker connects to the manager's server.
            return "is a JDK dynamic proxy, whose handler lives in this JVM";
        }
        if (value instanceof ApplicationContext
                || value instanceof BeanFactory
                || value instanceof ObjectFactory<?>
                || value instanceof Environment) {
            return "is part of Spring's application context, which the worker processes do not have";
        }
        return null;
    }

    private static boolean isJdk(Class<?> type) {
        String name = type.getName();
        return type.isPrimitive()
                || name.startsWith("java.")
                || name.startsWith("javax.")
                || name.startsWith("jdk.")
                || name.startsWith("sun.")
                || name.startsWith("com.sun.");
    }

    private static SerializationException refusal(
            ParallelMapMethod method, Object target, List<String> path, Object value, String why) {
        String collaborator = path.get(0).substring(0, path.get(0).indexOf(' '));
        return new SerializationException(
                "@ParallelMap method " + ParallelMapMethod.describe(method.method)
                        + " sends its bean (" + target.getClass().getName()
                        + ") to the pool's worker processes with its collaborators, "
                        + "but collaborator '" + collaborator + "' cannot go: " + String.join(" -> ", path) + " " + why
                        + ". " + ADVICE,
                value.getClass().getName(),
                path,
                null);
    }

    /**
     * Explains a serialization failure of a call in terms of the bean: which collaborator (or argument)
     * could not be sent, with the serializer's own message and path.
     *
     * @param failure    what the pool threw
     * @param call       what was being sent
     * @param method     the method
     * @param serializer the serializer the pool uses, to find the collaborator that fails
     * @return the exception to throw
     */
    static SerializationException explain(
            SerializationException failure, ChunkCall call, ParallelMapMethod method, Serializer serializer) {
        Object target = call.target();
        for (Map.Entry<Field, @Nullable Object> field : sentFields(target)) {
            Object value = field.getValue();
            SerializationException own = tryToSerialize(value, serializer);
            if (own != null) {
                String name = field.getKey().getName();
                return new SerializationException(
                        "@ParallelMap method " + ParallelMapMethod.describe(method.method)
                                + " sends its bean (" + target.getClass().getName()
                                + ") to the pool's worker processes with its "
                                + "collaborators, but collaborator '" + name + "' ("
                                + value.getClass().getName()
                                + ") cannot be serialized: " + own.getMessage() + " " + ADVICE,
                        own.offendingClass().orElse(null),
                        prefixed(name + " (" + value.getClass().getName() + ")", own.path()),
                        failure);
            }
        }
        @Nullable Object[] arguments = call.otherArguments();
        for (int i = 0; i < arguments.length; i++) {
            SerializationException own = tryToSerialize(arguments[i], serializer);
            if (own != null) {
                return new SerializationException(
                        "@ParallelMap method " + ParallelMapMethod.describe(method.method)
                                + ": argument " + i + " ("
                                + arguments[i].getClass().getName() + "), which travels with every chunk, "
                                + "cannot be serialized: " + own.getMessage(),
                        own.offendingClass().orElse(null),
                        own.path(),
                        failure);
            }
        }
        return new SerializationException(
                "@ParallelMap method " + ParallelMapMethod.describe(method.method)
                        + " could not send its chunks to the pool's worker processes: " + failure.getMessage(),
                failure.offendingClass().orElse(null),
                failure.path(),
                failure);
    }

    private static @Nullable SerializationException tryToSerialize(@Nullable Object value, Serializer serializer) {
        if (value == null) {
            return null;
        }
        try {
            serializer.serialize(value);
            return null;
        } catch (SerializationException e) {
            return e;
        }
    }

    private static List<String> prefixed(String first, List<String> rest) {
        List<String> path = new ArrayList<>(rest.size() + 1);
        path.add(first);
        path.addAll(rest);
        return path;
    }
}
