package io.multiprocess.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.reflect.Method;

/**
 * Kryo's side of the replacement protocol: writes what {@code writeReplace()} returns; the stand-in's
 * own serializer calls its {@code readResolve()} on the way in (see {@link FieldByFieldSerializer}).
 */
final class ReplacingSerializer extends Serializer<Object> {

    private final Method writeReplace;

    ReplacingSerializer(Method writeReplace) {
        this.writeReplace = writeReplace;
    }

    @Override
    public void write(Kryo kryo, Output output, Object object) {
        Object replacement = SerializationHooks.invoke(writeReplace, object);
        if (replacement != null && replacement.getClass() == object.getClass()) {
            throw new IllegalStateException(
                    object.getClass().getName() + ".writeReplace() returned an object of its own "
                            + "class, which would be replaced again forever");
        }
        kryo.writeClassAndObject(output, replacement);
    }

    @Override
    public Object read(Kryo kryo, Input input, Class<?> type) {
        return kryo.readClassAndObject(input);
    }
}
