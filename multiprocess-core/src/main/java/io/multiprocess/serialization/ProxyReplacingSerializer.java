package io.multiprocess.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * Kryo's side of the replacement protocol for {@link java.lang.reflect.Proxy dynamic proxies}: Kryo
 * treats every proxy class as {@link java.lang.reflect.InvocationHandler} (a proxy class exists only
 * in the JVM that generated it), and this serializer writes what the proxy's handler's
 * {@code writeReplace()} returns; the stand-in's {@code readResolve()} rebuilds a proxy on the way in.
 * That is how a manager's proxies travel (see {@link SerializationHooks#replaceProxy(Object)}).
 */
final class ProxyReplacingSerializer extends Serializer<Object> {

    @Override
    public void write(Kryo kryo, Output output, Object proxy) {
        kryo.writeClassAndObject(output, SerializationHooks.replaceProxy(proxy));
    }

    @Override
    public Object read(Kryo kryo, Input input, Class<?> type) {
        return kryo.readClassAndObject(input);
    }
}
