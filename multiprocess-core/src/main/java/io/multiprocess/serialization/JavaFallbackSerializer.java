package io.multiprocess.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Kryo's fallback for serializable JDK classes whose private fields reflection may not open: Java
 * serialization, with the library's reductions and refusals applied inside (see
 * {@link ReducingObjectOutputStream}). Each object is written as a length-prefixed block, so that no
 * stream reads past its object.
 */
final class JavaFallbackSerializer extends Serializer<Object> {

    @Override
    public void write(Kryo kryo, Output output, Object object) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ReducingObjectOutputStream out = new ReducingObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (IOException e) {
            throw new KryoException("Java serialization of " + object.getClass().getName() + " failed: " + e, e);
        }
        output.writeVarInt(bytes.size(), true);
        output.writeBytes(bytes.toByteArray());
    }

    @Override
    public Object read(Kryo kryo, Input input, Class<?> type) {
        byte[] bytes = input.readBytes(input.readVarInt(true));
        try {
            return JavaDeserialization.read(
                    bytes, 0, bytes.length, kryo.getClassLoader(), KryoSerializer.policyOf(kryo));
        } catch (IOException | ClassNotFoundException e) {
            throw new KryoException("Cannot read a " + type.getName() + " written with Java serialization: " + e, e);
        }
    }
}
