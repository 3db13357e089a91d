package io.multiprocess.process;

import io.multiprocess.function.SerializableRunnable;
import java.io.Serial;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;

/**
 * The target of a process rebuilt in its child as a call of the static, parameterless method that a
 * lambda which captured nothing (or a static method reference) stands for: the child calls the method
 * by reflection instead of rebuilding a lambda object, which in a fresh JVM costs 10 to 15 ms of
 * method-handle machinery. Exceptions of the method arrive unwrapped, as from the lambda.
 */
final class StaticMethodTarget implements SerializableRunnable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final Class<?> owner;
    private final String methodName;
    private transient volatile @Nullable Method method;

    StaticMethodTarget(Class<?> owner, String methodName) {
        this.owner = owner;
        this.methodName = methodName;
    }

    /**
     * Finds the method now, so that a target that cannot be called fails while the child is set up.
     *
     * @throws NoSuchMethodException if the class has no such method
     */
    void resolve() throws NoSuchMethodException {
        Method found = owner.getDeclaredMethod(methodName);
        found.setAccessible(true);
        method = found;
    }

    @Override
    public void run() {
        try {
            if (method == null) {
                resolve();
            }
            method.invoke(null);
        } catch (InvocationTargetException e) {
            throw StaticMethodTarget.<RuntimeException>rethrow(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot call " + this + ": " + e, e);
        }
    }

    /** Throws the method's own exception, checked or not, as the lambda would have. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T rethrow(Throwable thrown) throws T {
        throw (T) thrown;
    }

    @Override
    public String toString() {
        return owner.getName() + "." + methodName + "()";
    }
}
