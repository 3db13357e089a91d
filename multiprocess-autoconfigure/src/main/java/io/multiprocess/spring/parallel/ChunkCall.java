package io.multiprocess.spring.parallel;

import io.multiprocess.function.SerializableFunction;
import java.io.Serial;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;

/**
 * One chunk's call of a {@link ParallelMap} method, as it travels to a worker: the bean's object, the
 * method (by declaring class, name and parameter types: a {@link Method} is not serializable), and the
 * call's other arguments. Applied to a chunk, it calls the method with the chunk in the items' place.
 * Internal.
 */
final class ChunkCall implements SerializableFunction<Object, @Nullable Object> {

    @Serial
    private static final long serialVersionUID = 1L;

    private final Object target;
    private final Class<?> declaringClass;
    private final String methodName;
    private final Class<?>[] parameterTypes;
    private final @Nullable Object[] arguments;
    private final int itemsIndex;
    private transient @Nullable Method method;

    ChunkCall(Object target, Method method, @Nullable Object[] arguments, int itemsIndex) {
        this.target = target;
        this.declaringClass = method.getDeclaringClass();
        this.methodName = method.getName();
        this.parameterTypes = method.getParameterTypes();
        this.arguments = arguments.clone();
        this.arguments[itemsIndex] = null;
        this.itemsIndex = itemsIndex;
        this.method = method;
    }

    Object target() {
        return target;
    }

    @Nullable
    Object[] otherArguments() {
        return arguments.clone();
    }

    /**
     * Calls the method with {@code chunk} as its items; what the method throws is thrown as it is.
     *
     * @param chunk the chunk, of the items parameter's type
     * @return what the method returned
     */
    @Override
    public @Nullable Object apply(Object chunk) {
        Object[] call = arguments.clone();
        call[itemsIndex] = chunk;
        try {
            return method().invoke(target, call);
        } catch (InvocationTargetException e) {
            throw ChunkCall.<RuntimeException>sneaky(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(
                    "Cannot call " + declaringClass.getName() + "." + methodName + " in the worker: " + e, e);
        }
    }

    private Method method() {
        Method resolved = method;
        if (resolved == null) {
            try {
                resolved = declaringClass.getDeclaredMethod(methodName, parameterTypes);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(
                        "The worker's class " + declaringClass.getName() + " has no method " + methodName
                                + "; the worker runs other classes than the application",
                        e);
            }
            resolved.trySetAccessible();
            method = resolved;
        }
        return resolved;
    }

    /** Throws any exception, checked or not, without wrapping it: the worker reports it as the method threw it. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }

    @Override
    public String toString() {
        return "@ParallelMap " + declaringClass.getSimpleName() + "." + methodName;
    }
}
