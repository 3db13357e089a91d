package io.multiprocess.serialization;

import io.multiprocess.SerializationException;
import java.io.Serial;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Bytes from a peer were refused by a {@link DeserializationPolicy}: they name a class the policy does not
 * allow (its name is {@link #offendingClass()}), or exceed one of its limits. Nothing of the refused class
 * was created. The message names the setting that allows it.
 */
public final class DeserializationRefusedException extends SerializationException {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message        what was refused and how to allow it
     * @param offendingClass the refused class's name, or null for a limit
     */
    public DeserializationRefusedException(String message, @Nullable String offendingClass) {
        super(message, offendingClass, List.of(), null);
    }
}
