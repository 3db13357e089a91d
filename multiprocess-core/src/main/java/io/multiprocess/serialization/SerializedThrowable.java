package io.multiprocess.serialization;

import org.jspecify.annotations.Nullable;

/**
 * Stands in for an exception that could not be serialized as itself (because a field of it holds
 * something that cannot cross a process boundary): it keeps the original class name, message, stack
 * trace, cause chain and suppressed exceptions, so the receiver still sees what failed and where.
 *
 * <p>Python's pool reports such cases as {@code MaybeEncodingError} and loses the traceback; this type
 * keeps it.
 */
public final class SerializedThrowable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String originalClassName;

    /**
     * Creates the stand-in.
     *
     * @param originalClassName the name of the exception class that could not be sent
     * @param message           the original message, may be null
     */
    public SerializedThrowable(String originalClassName, @Nullable String message) {
        super(message);
        this.originalClassName = originalClassName;
    }

    /**
     * The name of the class of the original exception.
     *
     * @return the fully qualified class name
     */
    public String originalClassName() {
        return originalClassName;
    }

    /** Prints as the original would: its class name and message. */
    @Override
    public String toString() {
        String message = getLocalizedMessage();
        return message != null ? originalClassName + ": " + message : originalClassName;
    }
}
