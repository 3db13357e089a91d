package io.multiprocess;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A value could not be serialized for another process, or bytes from another process could not be
 * turned back into a value.
 *
 * <p>When serialization fails on one object inside a larger graph, the exception names that object's
 * class and the path to it from the value that was being sent, field by field, for example
 * {@code task -> arg$1 (com.acme.ReportJob) -> executor (java.util.concurrent.ThreadPoolExecutor)}.
 * Serialization happens in the sending thread, before any process is started or any byte is written,
 * so a failure never leaves a half-sent message or a half-started child behind.
 */
public class SerializationException extends MultiprocessException {

    private static final long serialVersionUID = 1L;

    private final @Nullable String offendingClass;
    private final List<String> path;

    /**
     * Creates an exception without a known offending object.
     *
     * @param message what failed and what to do about it
     * @param cause   the underlying failure, may be null
     */
    public SerializationException(String message, @Nullable Throwable cause) {
        this(message, null, List.of(), cause);
    }

    /**
     * Creates an exception naming the object that could not be serialized.
     *
     * @param message        what failed and what to do about it
     * @param offendingClass the name of the class that could not be serialized, may be null
     * @param path           the fields leading from the sent value to the offending object, outermost first
     * @param cause          the underlying failure, may be null
     */
    public SerializationException(
            String message, @Nullable String offendingClass, List<String> path, @Nullable Throwable cause) {
        super(message, cause);
        this.offendingClass = offendingClass;
        this.path = List.copyOf(path);
    }

    /**
     * The name of the class whose instance could not be serialized, when it is known.
     *
     * @return the class name, or empty
     */
    public Optional<String> offendingClass() {
        return Optional.ofNullable(offendingClass);
    }

    /**
     * The path from the sent value to the object that could not be serialized: one entry per field,
     * each written {@code field (DeclaringClass)}, outermost first. Empty when not known.
     *
     * @return the path, never null
     */
    public List<String> path() {
        return path;
    }
}
