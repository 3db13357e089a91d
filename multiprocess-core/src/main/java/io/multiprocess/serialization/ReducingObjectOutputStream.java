package io.multiprocess.serialization;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Java serialization with the library's rules: instances of classes with a {@link Reduction} are
 * written as their {@link ReducedForm}, dynamic proxies as their handler's {@code writeReplace()} says, and what must not cross a process boundary is refused before
 * Java serialization looks at it. Used by {@link JdkSerializer}, and by {@link KryoSerializer} for the
 * objects it hands to Java serialization (exceptions, other JDK classes).
 */
final class ReducingObjectOutputStream extends ObjectOutputStream {

    private final Map<Class<?>, RegisteredReduction> reductions = Reductions.table();

    ReducingObjectOutputStream(OutputStream out) throws IOException {
        super(out);
        enableReplaceObject(true);
    }

    @Override
    protected @Nullable Object replaceObject(@Nullable Object object) {
        if (object == null) {
            return null;
        }
        RegisteredReduction reduction = Reductions.forClass(reductions, object.getClass());
        if (reduction != null) {
            return new ReducedForm(reduction.type(), reduction.toJdkForm(object));
        }
        if (Proxy.isProxyClass(object.getClass())) {
            return SerializationHooks.replaceProxy(object);
        }
        Optional<String> refused = UnserializableTypes.reasonFor(object.getClass());
        if (refused.isPresent()) {
            throw new UnserializableObjectException(object, refused.get());
        }
        return object;
    }
}
