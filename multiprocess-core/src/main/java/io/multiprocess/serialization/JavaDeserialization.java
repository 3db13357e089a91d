package io.multiprocess.serialization;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;

/**
 * Every Java deserialization of the library: classes resolved through the serializer's loader, and a
 * JEP 290 filter from a {@link DeserializationPolicy} on the stream (its classes when enforced, its limits
 * always).
 */
final class JavaDeserialization {

    private JavaDeserialization() {}

    /**
     * Reads one Java-serialized value.
     *
     * @throws DeserializationRefusedException naming the refused class or limit, when the filter refused something
     * @throws IOException            for bytes that are not a Java-serialized value
     * @throws ClassNotFoundException for a class missing in this process
     */
    static Object read(byte[] bytes, int offset, int length, ClassLoader loader, DeserializationPolicy policy)
            throws IOException, ClassNotFoundException {
        PolicyInputFilter filter = (PolicyInputFilter) policy.filter(length);
        try (ObjectInputStream in =
                new LoaderObjectInputStream(new ByteArrayInputStream(bytes, offset, length), loader)) {
            in.setObjectInputFilter(filter);
            return in.readObject();
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            DeserializationRefusedException refused = filter.refusal();
            if (refused != null) {
                refused.addSuppressed(e);
                throw refused;
            }
            throw e;
        }
    }

    /** Resolves classes through the serializer's class loader rather than the caller's. */
    private static final class LoaderObjectInputStream extends ObjectInputStream {

        private final ClassLoader loader;

        LoaderObjectInputStream(ByteArrayInputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass description) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(description.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(description);
            }
        }
    }
}
