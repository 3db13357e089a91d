package io.multiprocess.serialization;

import org.jspecify.annotations.Nullable;

/**
 * Raised inside a serializer when it meets an object that must not cross a process boundary. It
 * carries the object so that the path to it can be found; it never leaves this package: the public
 * API turns it into a {@link io.multiprocess.SerializationException}.
 */
final class UnserializableObjectException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Object offender;

    UnserializableObjectException(Object offender, String reason) {
        this(offender, reason, null);
    }

    UnserializableObjectException(Object offender, String reason, @Nullable Throwable cause) {
        super(reason, cause, false, false);
        this.offender = offender;
    }

    Object offender() {
        return offender;
    }

    String reason() {
        return getMessage();
    }
}
