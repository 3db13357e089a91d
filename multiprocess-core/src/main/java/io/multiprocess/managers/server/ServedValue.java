package io.multiprocess.managers.server;

import io.multiprocess.sharedctypes.TypeCode;
import org.jspecify.annotations.Nullable;

/**
 * A value served by a {@link io.multiprocess.managers.SyncManager} ({@code manager.value(...)}): one object behind a lock,
 * converted to its type code's type when it has one. Python's {@code managers.Value}.
 */
final class ServedValue implements Copyable {

    private final @Nullable TypeCode type;
    private @Nullable Object value;

    ServedValue(@Nullable TypeCode type, @Nullable Object value) {
        this.type = type;
        this.value = TypedValues.convert(type, value);
    }

    /** The factory: {@code (typecode, value)}, the type code may be null. */
    static ServedValue create(@Nullable Object[] args) {
        return new ServedValue(TypedValues.typeCode(args[0]), args[1]);
    }

    public synchronized @Nullable Object get() {
        return value;
    }

    public synchronized void set(@Nullable Object replacement) {
        value = TypedValues.convert(type, replacement);
    }

    @Override
    public synchronized @Nullable Object copy() {
        return value;
    }

    @Override
    public synchronized String toString() {
        return "Value(" + (type == null ? "" : "'" + type.code() + "', ") + value + ")";
    }
}
