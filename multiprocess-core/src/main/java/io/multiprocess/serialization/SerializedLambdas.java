package io.multiprocess.serialization;

import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;

/**
 * The serialized form of lambdas and method references of serializable functional interfaces, obtained
 * and turned back into a lambda without a serializer: what {@link KryoSerializer} does for them, and
 * what a child's bootstrap uses for a target that captured nothing.
 *
 * <p>The pools and the child's bootstrap use it to recognize and refuse lambdas that cannot travel.
 */
public final class SerializedLambdas {

    private static final ClassValue<Method> WRITE_REPLACE = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> lambdaClass) {
            return writeReplaceMethod(lambdaClass);
        }
    };

    private static final ClassValue<Method> DESERIALIZE = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> capturingClass) {
            return deserializeMethod(capturingClass);
        }
    };

    private SerializedLambdas() {}

    /**
     * Whether a class is the class of a lambda or method reference (a hidden class the JVM spun).
     *
     * @param type a class
     * @return true for lambda classes
     */
    public static boolean isLambdaClass(Class<?> type) {
        return UnserializableTypes.isLambda(type);
    }

    /**
     * The serialized form of a serializable lambda, as its {@code writeReplace()} gives it.
     *
     * @param lambda a lambda or method reference of a serializable type
     * @return its form
     * @throws UnserializableObjectException if the form cannot be obtained
     */
    public static SerializedLambda formOf(Object lambda) {
        try {
            return (SerializedLambda) WRITE_REPLACE.get(lambda.getClass()).invoke(lambda);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new UnserializableObjectException(lambda, "its serialized form could not be obtained (" + e + ")");
        }
    }

    /**
     * Rebuilds a lambda through its capturing class, as Java serialization does.
     *
     * @param capturingClass the class whose code created the lambda, loaded
     * @param form           the serialized form
     * @return the lambda
     * @throws ReflectiveOperationException if the capturing class cannot rebuild it
     */
    public static Object rebuild(Class<?> capturingClass, SerializedLambda form) throws ReflectiveOperationException {
        return DESERIALIZE.get(capturingClass).invoke(null, form);
    }

    private static Method writeReplaceMethod(Class<?> lambdaClass) {
        try {
            Method method = lambdaClass.getDeclaredMethod("writeReplace");
            method.setAccessible(true);
            return method;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(lambdaClass.getName() + " has no writeReplace method", e);
        }
    }

    private static Method deserializeMethod(Class<?> capturingClass) {
        try {
            Method method = capturingClass.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
            method.setAccessible(true);
            return method;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(capturingClass.getName() + " declares no serializable lambda", e);
        }
    }
}
