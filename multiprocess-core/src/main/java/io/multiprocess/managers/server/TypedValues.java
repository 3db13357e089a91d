package io.multiprocess.managers.server;

import io.multiprocess.sharedctypes.TypeCode;
import org.jspecify.annotations.Nullable;

/** Converts values to a type code's Java type, as Python's typed {@code Value} and {@code Array} store them. */
final class TypedValues {

    private TypedValues() {}

    static @Nullable Object convert(@Nullable TypeCode type, @Nullable Object value) {
        if (type == null) {
            return value;
        }
        if (value == null) {
            throw new IllegalArgumentException("A value of type code '" + type.code() + "' cannot be null");
        }
        return type.convert(value);
    }

    static @Nullable TypeCode typeCode(@Nullable Object code) {
        if (code == null || code instanceof TypeCode) {
            return (TypeCode) code;
        }
        return TypeCode.of(code.toString());
    }
}
