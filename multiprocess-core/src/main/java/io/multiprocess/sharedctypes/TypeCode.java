package io.multiprocess.sharedctypes;

import java.lang.invoke.MethodType;
import java.util.Locale;
import java.util.Objects;

/**
 * The element types of shared values and arrays, with Python's {@code array}/{@code ctypes} type
 * codes. Python's {@code Value('i', 0)} is {@code ctx.value(TypeCode.INT, 0)} or
 * {@code ctx.value("i", 0)}.
 *
 * <table>
 *   <caption>Type codes</caption>
 *   <tr><th>constant</th><th>Java type</th><th>bytes</th><th>Python codes</th></tr>
 *   <tr><td>{@link #BYTE}</td><td>byte</td><td>1</td><td>{@code 'b'}</td></tr>
 *   <tr><td>{@link #CHAR}</td><td>char (UTF-16 unit)</td><td>2</td><td>{@code 'c'} (one byte in ctypes)</td></tr>
 *   <tr><td>{@link #SHORT}</td><td>short</td><td>2</td><td>{@code 'h'}</td></tr>
 *   <tr><td>{@link #INT}</td><td>int</td><td>4</td><td>{@code 'i'}</td></tr>
 *   <tr><td>{@link #LONG}</td><td>long</td><td>8</td><td>{@code 'l'}, {@code 'q'}</td></tr>
 *   <tr><td>{@link #FLOAT}</td><td>float</td><td>4</td><td>{@code 'f'}</td></tr>
 *   <tr><td>{@link #DOUBLE}</td><td>double</td><td>8</td><td>{@code 'd'}</td></tr>
 *   <tr><td>{@link #BOOLEAN}</td><td>boolean</td><td>1</td><td>{@code '?'}</td></tr>
 * </table>
 * Unsigned codes ({@code 'B'}, {@code 'H'}, {@code 'I'}, {@code 'L'}, {@code 'Q'}) have no Java type and
 * are refused.
 */
public enum TypeCode {
    /** A signed 8-bit integer. */
    BYTE('b', 1, byte.class),
    /** A 16-bit UTF-16 code unit (Python's {@code 'c'} is a single byte; here it is Java's char). */
    CHAR('c', 2, char.class),
    /** A signed 16-bit integer. */
    SHORT('h', 2, short.class),
    /** A signed 32-bit integer. */
    INT('i', 4, int.class),
    /** A signed 64-bit integer (C's long on Linux x86-64, and long long). */
    LONG('l', 8, long.class),
    /** A 32-bit float. */
    FLOAT('f', 4, float.class),
    /** A 64-bit float. */
    DOUBLE('d', 8, double.class),
    /** A boolean, one byte (0 or 1). */
    BOOLEAN('?', 1, boolean.class);

    private final char code;
    private final int size;
    private final Class<?> javaType;

    TypeCode(char code, int size, Class<?> javaType) {
        this.code = code;
        this.size = size;
        this.javaType = javaType;
    }

    /**
     * The type of a Python type code.
     *
     * @param code {@code "b"}, {@code "c"}, {@code "h"}, {@code "i"}, {@code "l"}, {@code "q"}, {@code "f"},
     *             {@code "d"} or {@code "?"}
     * @return the type
     * @throws IllegalArgumentException for other codes (unsigned ones included)
     */
    public static TypeCode of(String code) {
        Objects.requireNonNull(code, "code");
        if (code.length() == 1) {
            char c = code.charAt(0);
            if (c == 'q') {
                return LONG;
            }
            for (TypeCode type : values()) {
                if (type.code == c) {
                    return type;
                }
            }
            if ("BHILQ".indexOf(c) >= 0) {
                throw new IllegalArgumentException(
                        "Unsigned type code '" + c + "' has no Java type; use the signed code '"
                                + Character.toLowerCase(c) + "' (" + of(code.toLowerCase(Locale.ROOT)) + ") instead");
            }
        }
        throw new IllegalArgumentException("Unknown type code '" + code + "'; use one of b, c, h, i, l, q, f, d, ?");
    }

    /**
     * The type of a Java class: a primitive class or its box ({@code int.class}, {@code Integer.class}...).
     *
     * @param type the class
     * @return the type code
     * @throws IllegalArgumentException for other classes
     */
    public static TypeCode of(Class<?> type) {
        for (TypeCode code : values()) {
            if (code.javaType == type || boxOf(code.javaType) == type) {
                return code;
            }
        }
        throw new IllegalArgumentException(
                "No shared type for " + type.getName() + "; use a primitive type or its box");
    }

    private static Class<?> boxOf(Class<?> primitive) {
        return MethodType.methodType(primitive).wrap().returnType();
    }

    /**
     * The Python type code.
     *
     * @return e.g. {@code 'i'}
     */
    public char code() {
        return code;
    }

    /**
     * The size of one element.
     *
     * @return bytes
     */
    public int size() {
        return size;
    }

    /**
     * The primitive Java type.
     *
     * @return e.g. {@code int.class}
     */
    public Class<?> javaType() {
        return javaType;
    }
}
