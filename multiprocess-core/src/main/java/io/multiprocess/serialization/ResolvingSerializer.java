package io.multiprocess.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.MapReferenceResolver;
import java.lang.reflect.Method;

/**
 * Wraps the serializer of a class that declares {@code readResolve()}: reads as usual, then resolves,
 * and makes later references to the object in the same message point to the resolved one, as Java
 * serialization does.
 */
final class ResolvingSerializer extends Serializer<Object> {

    private final Serializer<Object> delegate;
    private final Method readResolve;

    @SuppressWarnings("unchecked")
    ResolvingSerializer(Serializer<?> delegate, Method readResolve) {
        this.delegate = (Serializer<Object>) delegate;
        this.readResolve = readResolve;
    }

    @Override
    public void write(Kryo kryo, Output output, Object object) {
        delegate.write(kryo, output, object);
    }

    @Override
    public Object read(Kryo kryo, Input input, Class<?> type) {
        Object read = delegate.read(kryo, input, type);
        Object resolved = SerializationHooks.invoke(readResolve, read);
        if (resolved != read && kryo.getReferenceResolver() instanceof Resolver resolver) {
            resolver.replace(read, resolved);
        }
        return resolved;
    }

    /** Kryo's reference resolver, able to replace an object it has read by its resolved form. */
    static final class Resolver extends MapReferenceResolver {

        void replace(Object read, Object resolved) {
            for (int id = readObjects.size() - 1; id >= 0; id--) {
                if (readObjects.get(id) == read) {
                    readObjects.set(id, resolved);
                    return;
                }
            }
        }
    }
}
