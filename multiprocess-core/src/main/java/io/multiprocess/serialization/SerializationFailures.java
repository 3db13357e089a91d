package io.multiprocess.serialization;

import io.multiprocess.SerializationException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Builds the {@link SerializationException}s of both serializers, with the path to the offending object. */
final class SerializationFailures {

    private SerializationFailures() {}

    /** A value that cannot be serialized because of one object inside it. */
    static SerializationException unserializable(
            @Nullable Object root, Object offender, String reason, Throwable cause) {
        List<String> path =
                ObjectGraphPath.find(root, candidate -> candidate == offender).orElse(List.of());
        return unserializable(root, offender.getClass().getName(), path, reason, cause);
    }

    /** A value that cannot be serialized because of an instance of a class known only by name. */
    static SerializationException unserializableClass(
            @Nullable Object root, String className, String reason, Throwable cause) {
        Optional<List<String>> path = ObjectGraphPath.find(
                root, candidate -> candidate.getClass().getName().equals(className));
        return unserializable(root, className, path.orElse(List.of()), reason, cause);
    }

    private static SerializationException unserializable(
            @Nullable Object root, String className, List<String> path, String reason, Throwable cause) {
        String where = path.isEmpty() ? "" : ", reached through " + ObjectGraphPath.describe(path);
        String rootName = root == null ? "null" : root.getClass().getName();
        return new SerializationException(
                "Cannot serialize " + className + where + " in the value of type " + rootName + ": " + reason,
                className,
                path,
                cause);
    }

    /** Bytes that could not be turned back into a value. */
    static SerializationException undecodable(int length, Throwable cause) {
        String hint = "; the bytes are truncated, corrupt, or were written by another serializer";
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ClassNotFoundException
                    || t instanceof NoClassDefFoundError
                    || String.valueOf(t.getMessage()).contains("Unable to find class")) {
                hint = "; a class of the value is missing in this process: both processes must run the same class path";
                break;
            }
        }
        return new SerializationException(
                "Cannot deserialize " + length + " bytes: " + cause.getMessage() + hint, cause);
    }
}
