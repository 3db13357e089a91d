package io.multiprocess.serialization;

import java.io.InvalidObjectException;
import java.io.Serial;
import java.io.Serializable;

/**
 * What an instance of a class with a {@link Reduction} becomes inside Java serialization's stream: the
 * class and the stand-in. On arrival it resolves to the instance its registration rebuilds.
 *
 * @param type the registered class
 * @param form the stand-in (or the Kryo bytes, for a registered Kryo serializer)
 */
record ReducedForm(Class<?> type, Object form) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    @Serial
    private Object readResolve() throws InvalidObjectException {
        RegisteredReduction reduction = Reductions.forClass(Reductions.table(), type);
        if (reduction == null) {
            throw new InvalidObjectException(type.getName()
                    + " was sent with a registered reduction, but this process has "
                    + "none for it: call Reduction.register for " + type.getName() + " here too before reading");
        }
        return reduction.fromJdkForm(form);
    }
}
