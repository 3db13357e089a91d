package io.multiprocess.serialization;

import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Optional;

/**
 * Java serialization's replacement protocol, looked up once per class: {@code writeReplace()} sends a
 * stand-in instead of the object, and the stand-in's {@code readResolve()} rebuilds the object in the
 * receiving process. Python's {@code __reduce__}.
 *
 * <p>Both serializers honour it, so a class that must travel in a special form (a connection that
 * travels as an address, a shared-memory segment that travels as its name) implements it once.
 */
final class SerializationHooks {

    private static final ClassValue<Optional<Method>> WRITE_REPLACE = new ClassValue<>() {
        @Override
        protected Optional<Method> computeValue(Class<?> type) {
            return hook(type, "writeReplace");
        }
    };

    private static final ClassValue<Optional<Method>> READ_RESOLVE = new ClassValue<>() {
        @Override
        protected Optional<Method> computeValue(Class<?> type) {
            return hook(type, "readResolve");
        }
    };

    private SerializationHooks() {}

    /** The {@code writeReplace()} of a serializable application class, if it has one. */
    static Optional<Method> writeReplace(Class<?> type) {
        return WRITE_REPLACE.get(type);
    }

    /** The {@code readResolve()} of a serializable application class, if it has one. */
    static Optional<Method> readResolve(Class<?> type) {
        return READ_RESOLVE.get(type);
    }

    /**
     * Finds a no-argument hook returning Object, declared by the class or inherited (as Java
     * serialization does, private ones only from the class itself).
     */
    private static Optional<Method> hook(Class<?> type, String name) {
        if (!Serializable.class.isAssignableFrom(type)
                || type.isEnum()
                || UnserializableTypes.isJdkClass(type)
                || UnserializableTypes.isLambda(type)) {
            return Optional.empty();
        }
        for (Class<?> c = type; c != null && !UnserializableTypes.isJdkClass(c); c = c.getSuperclass()) {
            try {
                Method method = c.getDeclaredMethod(name);
                if (method.getReturnType() != Object.class
                        || Modifier.isStatic(method.getModifiers())
                        || Modifier.isPrivate(method.getModifiers()) && c != type) {
                    return Optional.empty();
                }
                method.setAccessible(true);
                return Optional.of(method);
            } catch (NoSuchMethodException e) {
                // look in the superclass
            }
        }
        return Optional.empty();
    }

    /**
     * What a {@link java.lang.reflect.Proxy dynamic proxy} travels as: the stand-in its invocation
     * handler's {@code writeReplace()} returns. A proxy class is generated in one JVM and means nothing
     * in another, so a proxy can only travel this way.
     *
     * @param proxy a dynamic proxy
     * @return the stand-in
     * @throws UnserializableObjectException if the handler has no {@code writeReplace()}
     */
    static Object replaceProxy(Object proxy) {
        InvocationHandler handler = Proxy.getInvocationHandler(proxy);
        Optional<Method> hook = writeReplace(handler.getClass());
        if (hook.isEmpty()) {
            throw new UnserializableObjectException(
                    proxy,
                    "it is a dynamic proxy (" + proxy.getClass().getName()
                            + ") whose invocation handler " + handler.getClass().getName()
                            + " does not say how to travel: a proxy "
                            + "class exists only in the JVM that generated it; give the handler a writeReplace() method");
        }
        return invoke(hook.get(), handler);
    }

    /** Calls a hook, unwrapping what it throws. */
    static Object invoke(Method hook, Object target) {
        try {
            return hook.invoke(target);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(hook + " failed: " + cause, cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot call " + hook, e);
        }
    }
}
