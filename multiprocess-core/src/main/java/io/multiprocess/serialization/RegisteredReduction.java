package io.multiprocess.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.SerializerFactory.ReflectionSerializerFactory;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.multiprocess.function.SerializableFunction;
import java.io.Serial;
import java.io.Serializable;

/**
 * One registration of {@link Reduction}: how instances of one exact class are turned into something
 * else for the journey and rebuilt on arrival. Immutable and serializable, since registrations travel
 * to child processes.
 */
sealed interface RegisteredReduction extends Serializable {

    /** The exact class whose instances this reduction handles. */
    Class<?> type();

    /** The Kryo serializer that applies this reduction, for one Kryo instance. */
    com.esotericsoftware.kryo.Serializer<?> kryoSerializer(Kryo kryo);

    /** The form an instance takes inside Java serialization's stream. */
    Object toJdkForm(Object object);

    /** Rebuilds an instance from the form {@link #toJdkForm} made. */
    Object fromJdkForm(Object form);

    /**
     * A reduction by two functions: to a stand-in value, and from the stand-in back. Python's
     * {@code reduce} returning {@code (rebuild, args)}.
     *
     * @param type    the exact class
     * @param reduce  the instance to its stand-in
     * @param rebuild the stand-in to an instance
     */
    record ByFunctions(
            Class<?> type, SerializableFunction<Object, Object> reduce, SerializableFunction<Object, Object> rebuild)
            implements RegisteredReduction {

        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public com.esotericsoftware.kryo.Serializer<?> kryoSerializer(Kryo kryo) {
            return new ReducingSerializer(this);
        }

        @Override
        public Object toJdkForm(Object object) {
            return reduce(object);
        }

        @Override
        public Object fromJdkForm(Object form) {
            return rebuild(form);
        }

        /** Applies the reduce function, refusing a stand-in that would be reduced again forever. */
        Object reduce(Object object) {
            Object standIn;
            try {
                standIn = reduce.apply(object);
            } catch (RuntimeException | Error e) {
                throw new UnserializableObjectException(
                        object, "its registered reduction (Reduction.register) threw " + e, e);
            }
            if (standIn != null && standIn.getClass() == type) {
                throw new UnserializableObjectException(
                        object,
                        "its registered reduction returned another "
                                + type.getName()
                                + ", which would be reduced again forever; return a different type, such as a String, "
                                + "a record or an array of the fields");
            }
            return standIn;
        }

        /** Applies the rebuild function, explaining a failure. */
        Object rebuild(Object standIn) {
            try {
                return rebuild.apply(standIn);
            } catch (RuntimeException | Error e) {
                throw new KryoException(
                        "The reduction registered for " + type.getName() + " could not rebuild it from "
                                + (standIn == null
                                        ? "null"
                                        : "a " + standIn.getClass().getName()) + ": " + e,
                        e);
            }
        }
    }

    /**
     * A reduction by a Kryo serializer class, instantiated once per Kryo instance. With Java
     * serialization, instances travel as the bytes that serializer writes.
     *
     * @param type            the exact class
     * @param serializerClass the Kryo serializer's class
     */
    record ByKryoSerializer(Class<?> type, Class<? extends com.esotericsoftware.kryo.Serializer<?>> serializerClass)
            implements RegisteredReduction {

        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public com.esotericsoftware.kryo.Serializer<?> kryoSerializer(Kryo kryo) {
            return ReflectionSerializerFactory.newSerializer(kryo, serializerClass, type);
        }

        @Override
        public Object toJdkForm(Object object) {
            return Reductions.kryo().serialize(object);
        }

        @Override
        public Object fromJdkForm(Object form) {
            return Reductions.kryo().deserialize((byte[]) form);
        }
    }

    /** Kryo's side of a reduction by functions: writes the stand-in, reads it and rebuilds. */
    final class ReducingSerializer extends com.esotericsoftware.kryo.Serializer<Object> {

        private final ByFunctions reduction;

        ReducingSerializer(ByFunctions reduction) {
            this.reduction = reduction;
        }

        @Override
        public void write(Kryo kryo, Output output, Object object) {
            kryo.writeClassAndObject(output, reduction.reduce(object));
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<?> type) {
            return reduction.rebuild(kryo.readClassAndObject(input));
        }
    }
}
