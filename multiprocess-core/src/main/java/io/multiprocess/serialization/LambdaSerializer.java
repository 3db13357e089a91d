package io.multiprocess.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;

/**
 * Serializes lambdas and method references through the {@link SerializedLambda} the compiler
 * provides for serializable ones: the implementation method and the captured values travel, and the
 * receiver rebuilds the lambda through the capturing class. A lambda whose type is not serializable
 * is refused with an explanation.
 *
 * <p>Unlike Kryo's own closure serializer it looks up the reflective methods once per class, not once
 * per object.
 */
final class LambdaSerializer extends Serializer<Object> {

    @Override
    public void write(Kryo kryo, Output output, Object lambda) {
        if (!(lambda instanceof Serializable)) {
            throw new UnserializableObjectException(lambda, UnserializableTypes.lambdaReason(lambda.getClass()));
        }
        SerializedLambda form = SerializedLambdas.formOf(lambda);
        int count = form.getCapturedArgCount();
        output.writeVarInt(count, true);
        for (int i = 0; i < count; i++) {
            kryo.writeClassAndObject(output, form.getCapturedArg(i));
        }
        output.writeString(form.getCapturingClass());
        output.writeString(form.getFunctionalInterfaceClass());
        output.writeString(form.getFunctionalInterfaceMethodName());
        output.writeString(form.getFunctionalInterfaceMethodSignature());
        output.writeVarInt(form.getImplMethodKind(), true);
        output.writeString(form.getImplClass());
        output.writeString(form.getImplMethodName());
        output.writeString(form.getImplMethodSignature());
        output.writeString(form.getInstantiatedMethodType());
    }

    @Override
    public Object read(Kryo kryo, Input input, Class<?> type) {
        int count = input.readVarInt(true);
        Object[] captured = new Object[count];
        for (int i = 0; i < count; i++) {
            captured[i] = kryo.readClassAndObject(input);
        }
        String capturingClassName = input.readString().replace('/', '.');
        try {
            Class<?> capturingClass = Class.forName(capturingClassName, false, kryo.getClassLoader());
            // The capturing class's $deserializeLambda$ rebuilds only the lambdas its own code wrote:
            // allowing that class allows those lambdas, and nothing else.
            KryoSerializer.policyOf(kryo).check(capturingClass);
            SerializedLambda form = new SerializedLambda(
                    capturingClass,
                    input.readString(),
                    input.readString(),
                    input.readString(),
                    input.readVarInt(true),
                    input.readString(),
                    input.readString(),
                    input.readString(),
                    input.readString(),
                    captured);
            return SerializedLambdas.rebuild(capturingClass, form);
        } catch (DeserializationRefusedException refused) {
            throw refused;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new KryoException("Cannot rebuild a lambda captured in " + capturingClassName + ": " + e, e);
        }
    }
}
