package io.multiprocess.sharedctypes;

import java.lang.invoke.MethodType;
import java.math.BigInteger;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The element types of shared values and arrays, with Python's {@code array}/{@code ctypes} type
 * codes and the same sizes in memory, so that a CPython process that maps the same segment reads the
 * same values. Python's {@code Value('i', 0)} is {@code ctx.value(TypeCode.INT, 0)} or
 * {@code ctx.value("i", 0)}.
 *
 * <table>
 *   <caption>Type codes (Linux, x86-64 and aarch64)</caption>
 *   <tr><th>constant</th><th>code</th><th>C type</th><th>bytes</th><th>reads as</th></tr>
 *   <tr><td>{@link #BYTE}</td><td>{@code 'b'}</td><td>signed char</td><td>1</td><td>byte</td></tr>
 *   <tr><td>{@link #UNSIGNED_BYTE}</td><td>{@code 'B'}</td><td>unsigned char</td><td>1</td><td>int, 0 to 255</td></tr>
 *   <tr><td>{@link #CHAR}</td><td>{@code 'c'}</td><td>char ({@code c_char})</td><td>1</td>
 *       <td>char, U+0000 to U+00FF (one byte, as Latin-1)</td></tr>
 *   <tr><td>{@link #WCHAR}</td><td>{@code 'u'}</td><td>wchar_t ({@code c_wchar})</td><td>4</td>
 *       <td>a String of one code point; {@code getInt} gives the code point</td></tr>
 *   <tr><td>{@link #SHORT}</td><td>{@code 'h'}</td><td>short</td><td>2</td><td>short</td></tr>
 *   <tr><td>{@link #UNSIGNED_SHORT}</td><td>{@code 'H'}</td><td>unsigned short</td><td>2</td><td>int, 0 to 65535</td></tr>
 *   <tr><td>{@link #INT}</td><td>{@code 'i'}</td><td>int</td><td>4</td><td>int</td></tr>
 *   <tr><td>{@link #UNSIGNED_INT}</td><td>{@code 'I'}</td><td>unsigned int</td><td>4</td><td>long, 0 to 2<sup>32</sup>-1</td></tr>
 *   <tr><td>{@link #LONG}</td><td>{@code 'l'}, {@code 'q'}</td><td>long, long long</td><td>8</td><td>long</td></tr>
 *   <tr><td>{@link #UNSIGNED_LONG}</td><td>{@code 'L'}, {@code 'Q'}</td><td>unsigned long (long)</td><td>8</td>
 *       <td>{@link BigInteger} from {@code get()}; the raw bits from {@code getLong}</td></tr>
 *   <tr><td>{@link #FLOAT}</td><td>{@code 'f'}</td><td>float</td><td>4</td><td>float</td></tr>
 *   <tr><td>{@link #DOUBLE}</td><td>{@code 'd'}</td><td>double</td><td>8</td><td>double</td></tr>
 *   <tr><td>{@link #BOOLEAN}</td><td>{@code '?'}</td><td>_Bool</td><td>1</td><td>boolean</td></tr>
 * </table>
 *
 * <p>{@code 'l'} and {@code 'L'} are the platform's C long: 8 bytes on the 64-bit Linux this library runs
 * on. Python's {@code ctypes} wraps an out-of-range value silently ({@code c_ubyte(256)} is 0); here an
 * unsigned or character code refuses a value it cannot hold, with {@link IllegalArgumentException}, and the
 * signed codes convert numbers as Java's casts do.
 */
public enum TypeCode {
    /** A signed 8-bit integer ({@code 'b'}). */
    BYTE('b', 1, byte.class),
    /** An unsigned 8-bit integer ({@code 'B'}), read as an int from 0 to 255. */
    UNSIGNED_BYTE('B', 1, int.class),
    /**
     * One byte holding a character from U+0000 to U+00FF ({@code 'c'}, ctypes' {@code c_char}), read as a
     * Java char. A wider character needs {@link #WCHAR}.
     */
    CHAR('c', 1, char.class),
    /**
     * A {@code wchar_t} ({@code 'u'}, ctypes' {@code c_wchar}): 4 bytes holding one Unicode code point.
     * {@code get()} returns it as a one-code-point String; {@code getInt}/{@code setInt} use the code point.
     */
    WCHAR('u', 4, int.class),
    /** A signed 16-bit integer ({@code 'h'}). */
    SHORT('h', 2, short.class),
    /** An unsigned 16-bit integer ({@code 'H'}), read as an int from 0 to 65535. */
    UNSIGNED_SHORT('H', 2, int.class),
    /** A signed 32-bit integer ({@code 'i'}). */
    INT('i', 4, int.class),
    /** An unsigned 32-bit integer ({@code 'I'}), read as a long from 0 to 4294967295. */
    UNSIGNED_INT('I', 4, long.class),
    /** A signed 64-bit integer ({@code 'l'}, C's long on 64-bit Linux, and {@code 'q'}, long long). */
    LONG('l', 8, long.class),
    /**
     * An unsigned 64-bit integer ({@code 'L'} and {@code 'Q'}): {@code get()} returns a {@link BigInteger}
     * from 0 to 2<sup>64</sup>-1; {@code getLong}/{@code setLong} use the raw bits (read them with
     * {@link Long#toUnsignedString(long)}).
     */
    UNSIGNED_LONG('L', 8, long.class),
    /** A 32-bit float ({@code 'f'}). */
    FLOAT('f', 4, float.class),
    /** A 64-bit float ({@code 'd'}). */
    DOUBLE('d', 8, double.class),
    /** A boolean, one byte (0 or 1) ({@code '?'}). */
    BOOLEAN('?', 1, boolean.class);

    private static final BigInteger TWO_TO_THE_64 = BigInteger.ONE.shiftLeft(64);

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
     * @param code one of {@code b B c u h H i I l L q Q f d ?}
     * @return the type
     * @throws IllegalArgumentException for other codes
     */
    public static TypeCode of(String code) {
        Objects.requireNonNull(code, "code");
        if (code.length() == 1) {
            char c = code.charAt(0);
            if (c == 'q') {
                return LONG;
            }
            if (c == 'Q') {
                return UNSIGNED_LONG;
            }
            for (TypeCode type : values()) {
                if (type.code == c) {
                    return type;
                }
            }
        }
        throw new IllegalArgumentException(
                "Unknown type code '" + code + "'; use one of b, B, c, u, h, H, i, I, l, L, q, Q, f, d, ?");
    }

    /**
     * The type of a Java class: a primitive class or its box ({@code int.class}, {@code Integer.class}...).
     * The signed codes answer: {@code int.class} is {@link #INT}, {@code char.class} is {@link #CHAR}.
     *
     * @param type the class
     * @return the type code
     * @throws IllegalArgumentException for other classes
     */
    public static TypeCode of(Class<?> type) {
        for (TypeCode code : values()) {
            if (code.isUnsigned() || code == WCHAR) {
                continue;
            }
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
     * The size of one element in memory, as C's {@code sizeof}.
     *
     * @return bytes
     */
    public int size() {
        return size;
    }

    /**
     * The primitive Java type the typed accessors use ({@code getInt}, {@code toArray()}'s element type):
     * {@code int.class} for {@link #INT}, {@link #UNSIGNED_BYTE}, {@link #UNSIGNED_SHORT} and
     * {@link #WCHAR}; {@code long.class} for {@link #LONG}, {@link #UNSIGNED_INT} and
     * {@link #UNSIGNED_LONG}.
     *
     * @return e.g. {@code int.class}
     */
    public Class<?> javaType() {
        return javaType;
    }

    /**
     * Whether this is one of the unsigned integer codes ({@code B H I L Q}).
     *
     * @return true for unsigned codes
     */
    public boolean isUnsigned() {
        return this == UNSIGNED_BYTE || this == UNSIGNED_SHORT || this == UNSIGNED_INT || this == UNSIGNED_LONG;
    }

    /**
     * Converts a value to what this type stores and reads back: a {@link Number} (converted as a Java cast
     * for the signed codes, range-checked for the unsigned ones), a {@link Character} or one-character
     * String for {@link #CHAR} and {@link #WCHAR}, a {@link Boolean} for {@link #BOOLEAN}; null is zero.
     *
     * @param value the value
     * @return the boxed value a read returns ({@code Byte}, {@code Integer}, {@code Character},
     *         {@code String} for {@link #WCHAR}, {@code BigInteger} for {@link #UNSIGNED_LONG}...)
     * @throws IllegalArgumentException if the value cannot be held by this type
     */
    public Object convert(@Nullable Object value) {
        return switch (this) {
            case BOOLEAN -> bool(value);
            case CHAR -> (char) byteCharacter(value);
            case WCHAR -> new String(Character.toChars(codePoint(value)));
            case BYTE -> number(value).byteValue();
            case SHORT -> number(value).shortValue();
            case INT -> number(value).intValue();
            case LONG -> number(value).longValue();
            case FLOAT -> number(value).floatValue();
            case DOUBLE -> number(value).doubleValue();
            case UNSIGNED_BYTE -> (int) unsigned(value, 0xFFL);
            case UNSIGNED_SHORT -> (int) unsigned(value, 0xFFFFL);
            case UNSIGNED_INT -> unsigned(value, 0xFFFF_FFFFL);
            case UNSIGNED_LONG -> toUnsignedBig(unsignedLongBits(value));
        };
    }

    /** The bits of a value to store in an 8-byte cell of this type (LONG or UNSIGNED_LONG). */
    long longBits(@Nullable Object value) {
        return this == UNSIGNED_LONG ? unsignedLongBits(value) : number(value).longValue();
    }

    /** The code point a WCHAR cell stores for a value. */
    int codePoint(@Nullable Object value) {
        int point;
        if (value == null) {
            point = 0;
        } else if (value instanceof Character c) {
            point = c;
        } else if (value instanceof String s && s.codePointCount(0, s.length()) == 1) {
            point = s.codePointAt(0);
        } else if (value instanceof Number n && isIntegral(n)) {
            point = n.intValue();
            if (n.longValue() != point) {
                point = -1;
            }
        } else {
            throw refused(value, "a Character, a String of one code point or an int code point");
        }
        if (!Character.isValidCodePoint(point)) {
            throw new IllegalArgumentException(
                    "A shared WCHAR ('u') holds a code point from 0 to 0x10FFFF, not " + describe(value));
        }
        return point;
    }

    /** The byte a CHAR cell stores for a value (0 to 255). */
    int byteCharacter(@Nullable Object value) {
        long point;
        if (value == null) {
            point = 0;
        } else if (value instanceof Character c) {
            point = c;
        } else if (value instanceof Byte b) {
            point = b & 0xFF;
        } else if (value instanceof String s && s.length() == 1) {
            point = s.charAt(0);
        } else if (value instanceof byte[] bytes && bytes.length == 1) {
            point = bytes[0] & 0xFF;
        } else if (value instanceof Number n && isIntegral(n)) {
            point = n.longValue();
        } else {
            throw refused(value, "a Character, a one-character String, a byte[1] or an int from 0 to 255");
        }
        if (point < 0 || point > 0xFF) {
            throw new IllegalArgumentException("A shared CHAR ('c') is one byte and holds U+0000 to U+00FF, not "
                    + describe(value) + "; use WCHAR ('u') for any Unicode character");
        }
        return (int) point;
    }

    /** A value range-checked for an unsigned code of at most 32 bits. */
    long unsigned(@Nullable Object value, long max) {
        if (value instanceof BigInteger big) {
            if (big.signum() >= 0 && big.bitLength() <= 63 && big.longValue() <= max) {
                return big.longValue();
            }
            throw outOfRange(value, max);
        }
        Number number = number(value);
        if (!isIntegral(number)) {
            throw refused(value, "an integral number from 0 to " + max);
        }
        long bits = number.longValue();
        if (bits < 0 || bits > max) {
            throw outOfRange(value, max);
        }
        return bits;
    }

    private long unsignedLongBits(@Nullable Object value) {
        if (value instanceof BigInteger big) {
            if (big.signum() < 0 || big.bitLength() > 64) {
                throw new IllegalArgumentException(
                        "A shared " + this + " ('" + code + "') holds 0 to 18446744073709551615, not " + big);
            }
            return big.longValue();
        }
        Number number = number(value);
        if (!isIntegral(number)) {
            throw refused(value, "an integral number or a BigInteger from 0 to 2^64-1");
        }
        long bits = number.longValue();
        if (bits < 0) {
            throw new IllegalArgumentException("A shared " + this + " ('" + code + "') holds no negative number, not "
                    + bits + "; give a BigInteger (or use setLong with the raw bits) for values above "
                    + Long.MAX_VALUE);
        }
        return bits;
    }

    static BigInteger toUnsignedBig(long bits) {
        BigInteger big = BigInteger.valueOf(bits);
        return bits >= 0 ? big : big.add(TWO_TO_THE_64);
    }

    private IllegalArgumentException outOfRange(Object value, long max) {
        return new IllegalArgumentException(
                "A shared " + this + " ('" + code + "') holds 0 to " + max + ", not " + describe(value));
    }

    private Number number(@Nullable Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Number number) {
            return number;
        }
        if (value instanceof Character c) {
            return (int) c;
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        throw refused(value, "a Number");
    }

    private boolean bool(@Nullable Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return n.doubleValue() != 0;
        }
        throw refused(value, "a Boolean");
    }

    private static boolean isIntegral(Number number) {
        return number instanceof Byte
                || number instanceof Short
                || number instanceof Integer
                || number instanceof Long
                || number instanceof BigInteger
                || (number.doubleValue() == Math.rint(number.doubleValue())
                        && !Double.isInfinite(number.doubleValue()));
    }

    private IllegalArgumentException refused(Object value, String expected) {
        return new IllegalArgumentException(
                "Cannot store " + describe(value) + " in a shared " + this + " ('" + code + "'): give " + expected);
    }

    private static String describe(@Nullable Object value) {
        return value == null ? "null" : value + " (" + value.getClass().getName() + ")";
    }
}
