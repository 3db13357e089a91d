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
        switch (type) {
            case BOOLEAN:
                if (value instanceof Boolean) {
                    return value;
                }
                if (value instanceof Number n) {
                    return n.longValue() != 0;
                }
                break;
            case CHAR:
                if (value instanceof Character) {
                    return value;
                }
                if (value instanceof String s && s.length() == 1) {
                    return s.charAt(0);
                }
                if (value instanceof Number n) {
                    return (char) n.intValue();
                }
                break;
            default:
                Number number = value instanceof Character c ? (int) c : value instanceof Number n ? n : null;
                if (number == null) {
                    break;
                }
                switch (type) {
                    case BYTE:
                        return number.byteValue();
                    case SHORT:
                        return number.shortValue();
                    case INT:
                        return number.intValue();
                    case LONG:
                        return number.longValue();
                    case FLOAT:
                        return number.floatValue();
                    default:
                        return number.doubleValue();
                }
        }
        throw new IllegalArgumentException("A value of type code '" + type.code() + "' (" + type.javaType()
                + ") cannot hold " + value + " (" + value.getClass().getName() + ")");
    }

    static @Nullable TypeCode typeCode(@Nullable Object code) {
        if (code == null || code instanceof TypeCode) {
            return (TypeCode) code;
        }
        return TypeCode.of(code.toString());
    }
}
