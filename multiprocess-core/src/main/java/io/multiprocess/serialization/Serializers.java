package io.multiprocess.serialization;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The serializers a process shares: the one {@link KryoSerializer} whose warmed-up Kryo instances serve
 * every context, the serializer of a class name as a child creates it from the name its parent sent, and
 * the process's default, which the default context sets.
 */
public final class Serializers {

    private static volatile @Nullable Serializer processDefault;

    private Serializers() {}

    /**
     * The process's shared {@link KryoSerializer}.
     *
     * @return the same instance on every call
     */
    public static Serializer shared() {
        return SharedKryo.INSTANCE;
    }

    /**
     * The serializer of a class name: the {@linkplain #shared() shared} one for {@link KryoSerializer}, a new
     * instance otherwise.
     *
     * @param className the serializer's fully qualified class name
     * @return the serializer
     * @throws io.multiprocess.SerializationException if the class cannot be found or instantiated
     */
    public static Serializer forName(String className) {
        return KryoSerializer.class.getName().equals(className) ? shared() : Serializer.forClassName(className);
    }

    /**
     * The serializer of this process's default context: what objects created without a context (a pipe, a
     * queue, a reduction) serialize with. The shared Kryo serializer until a default context with another
     * serializer is set.
     *
     * @return the serializer
     */
    public static Serializer processDefault() {
        Serializer current = processDefault;
        return current != null ? current : shared();
    }

    /**
     * Sets the {@linkplain #processDefault() process's default} serializer; the default context calls it
     * when it is set or adopted from the parent.
     *
     * @param serializer the default context's serializer
     */
    public static void setProcessDefault(Serializer serializer) {
        processDefault = Objects.requireNonNull(serializer, "serializer");
    }

    /** Created on first use: a JVM that never serializes builds no Kryo. */
    private static final class SharedKryo {
        static final Serializer INSTANCE = new KryoSerializer();
    }
}
