package io.multiprocess.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/** The Kryo serializer of types that must not cross a process boundary: it refuses, saying why. */
final class RefusingSerializer extends Serializer<Object> {

    private final String reason;

    RefusingSerializer(String reason) {
        this.reason = reason;
    }

    @Override
    public void write(Kryo kryo, Output output, Object object) {
        throw new UnserializableObjectException(object, reason);
    }

    @Override
    public Object read(Kryo kryo, Input input, Class<?> type) {
        throw new KryoException("Instances of " + type.getName() + " are never serialized: " + reason);
    }
}
