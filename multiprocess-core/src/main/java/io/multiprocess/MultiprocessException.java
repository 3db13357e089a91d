package io.multiprocess;

import org.jspecify.annotations.Nullable;

/**
 * The root of the library's unchecked exceptions: something went wrong between processes.
 *
 * <p>Subtypes say what: a value that cannot be serialized, a child JVM that could not be launched, a
 * blocking call that was interrupted. Misuse of an object's life cycle (starting a process twice, for
 * example) is reported with {@link ProcessStateException}, an {@link IllegalStateException}, as the
 * JDK does for threads.
 */
public class MultiprocessException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong and what to do about it
     */
    public MultiprocessException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what went wrong and what to do about it
     * @param cause   the underlying failure, may be null
     */
    public MultiprocessException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
