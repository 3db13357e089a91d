package io.multiprocess.sharedctypes;

import io.multiprocess.internal.shm.NativeCopy;
import io.multiprocess.internal.shm.SharedBlock;
import io.multiprocess.synchronize.AbstractProcessLock;
import io.multiprocess.synchronize.ReentrantProcessLock;
import io.multiprocess.tracker.ResourceTracker;
import java.io.Serial;
import java.io.Serializable;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A fixed-length array of primitives in shared memory, readable and writable by every process that
 * has it. Python's {@code multiprocessing.Array} (with a lock) and {@code RawArray} (without); obtain
 * one from {@code ctx.array(...)}, {@code ctx.rawArray(...)} or {@link SharedCTypes}.
 *
 * <pre>{@code
 * SharedArray squares = ctx.array(TypeCode.DOUBLE, 1000);
 * ctx.process(a -> { for (int i = 0; i < a.length(); i++) a.setDouble(i, i * i); }, squares).start();
 * }</pre>
 *
 * <p>Each element read and write is atomic and ordered (acquire load, release store); updates that
 * span several elements or read-modify-write need the lock, as in Python, and single accesses never
 * take it. Typed accessors must match {@link #type()} (else {@link ClassCastException}); {@link #get(int)},
 * {@link #set(int, Object)}, {@link #toArray()} and {@link #setAll(Object)} work for every type. Indexes
 * are checked ({@link IndexOutOfBoundsException}). The segment's life cycle is that of the locks (see
 * {@link AbstractProcessLock}).
 */
public final class SharedArray extends SharedData implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final TypeCode type;
    private final int length;

    SharedArray(SharedBlock block, TypeCode type, int length, @Nullable AbstractProcessLock lock, boolean ownLock) {
        super(block, lock, ownLock);
        this.type = Objects.requireNonNull(type, "type");
        this.length = length;
    }

    /**
     * A new array in a new block: {@code sizeOrInitializer} is a length (an Integer) or the initial
     * elements (a primitive array, an Object[], a Collection, or a String for CHAR).
     */
    static SharedArray create(TypeCode type, Object sizeOrInitializer, Object lock) {
        Objects.requireNonNull(sizeOrInitializer, "sizeOrInitializer");
        List<Object> initial = null;
        int length;
        boolean bulk = copiesInBulk(type)
                && sizeOrInitializer.getClass() == type.javaType().arrayType();
        if (sizeOrInitializer instanceof Integer size) {
            length = size;
        } else if (bulk) {
            length = Array.getLength(sizeOrInitializer);
        } else {
            initial = elements(type, sizeOrInitializer);
            length = initial.size();
        }
        if (length < 0) {
            throw new IllegalArgumentException("An array's length must be zero or more, not " + length);
        }
        long bytes = SharedValue.DATA + (long) length * type.size();
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("A shared array of " + length + " " + type + " elements (" + bytes
                    + " bytes) exceeds the 2 GiB limit of one segment");
        }
        SharedBlock block =
                SharedBlock.create("array", Math.max(bytes, SharedValue.DATA + 8), ResourceTracker.segments());
        SharedArray array =
                new SharedArray(block, type, length, SharedValue.lockFor(block, lock), Boolean.TRUE.equals(lock));
        if (bulk) {
            array.bulkSet(sizeOrInitializer);
        } else if (initial != null) {
            for (int i = 0; i < length; i++) {
                array.set(i, initial.get(i));
            }
        }
        return array;
    }

    private static List<Object> elements(TypeCode type, Object initializer) {
        List<Object> list = new ArrayList<>();
        if (initializer instanceof Collection<?> collection) {
            list.addAll(collection);
        } else if (initializer instanceof String text && type == TypeCode.WCHAR) {
            text.codePoints().forEach(list::add);
        } else if (initializer instanceof String text) {
            for (char c : text.toCharArray()) {
                list.add(c);
            }
        } else if (initializer.getClass().isArray()) {
            int n = Array.getLength(initializer);
            for (int i = 0; i < n; i++) {
                list.add(Array.get(initializer, i));
            }
        } else {
            throw new IllegalArgumentException(
                    "An array needs a length or initial elements (an array, a Collection or a " + "String), not "
                            + initializer.getClass().getName());
        }
        return list;
    }

    /**
     * The element type.
     *
     * @return the type
     */
    public TypeCode type() {
        return type;
    }

    /**
     * The number of elements. Python's {@code len(arr)}.
     *
     * @return the length
     */
    public int length() {
        return length;
    }

    /**
     * An element, boxed. Python's {@code arr[i]}.
     *
     * @param index the index, 0 to length-1
     * @return the element
     * @throws IndexOutOfBoundsException for a bad index
     */
    public Object get(int index) {
        return Cells.get(type, buffer, offset(index));
    }

    /**
     * Sets an element from a box (see {@link SharedValue#set(Object)}). Python's {@code arr[i] = v}.
     *
     * @param index the index, 0 to length-1
     * @param value the new element
     * @throws IndexOutOfBoundsException for a bad index
     * @throws IllegalArgumentException if the value cannot be converted
     */
    public void set(int index, @Nullable Object value) {
        Cells.set(type, buffer, offset(index), value);
    }

    /**
     * A copy of the elements as a primitive array of the element type's {@link TypeCode#javaType()}
     * ({@code int[]} for INT, UNSIGNED_SHORT and WCHAR (code points), {@code long[]} for UNSIGNED_LONG (raw
     * bits)...). Python's {@code arr[:]}; {@link #getString()} reads a character array as text.
     *
     * @return a new primitive array
     */
    public Object toArray() {
        Object copy = Array.newInstance(type.javaType(), length);
        if (copiesInBulk(type)) {
            bulkGet(copy);
            return copy;
        }
        for (int i = 0; i < length; i++) {
            int at = offset(i);
            Object element = type.javaType() == int.class
                    ? Cells.getIntValue(type, buffer, at)
                    : type.javaType() == long.class ? Cells.getLongValue(type, buffer, at) : get(i);
            Array.set(copy, i, element);
        }
        return copy;
    }

    /**
     * The elements, boxed, as a new list. Python's {@code list(arr)}.
     *
     * @return the elements
     */
    public List<Object> toList() {
        List<Object> list = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            list.add(get(i));
        }
        return list;
    }

    /**
     * Sets every element from a primitive array, an Object[] or a Collection of the same length.
     * Python's {@code arr[:] = values}.
     *
     * @param values the new elements
     * @throws IllegalArgumentException if the length differs or an element cannot be converted
     */
    public void setAll(Object values) {
        Objects.requireNonNull(values, "values");
        if (copiesInBulk(type) && values.getClass() == type.javaType().arrayType()) {
            int given = Array.getLength(values);
            if (given != length) {
                throw new IllegalArgumentException(
                        "Cannot set " + given + " elements into a shared array of length " + length);
            }
            bulkSet(values);
            return;
        }
        List<Object> elements = elements(type, values);
        if (elements.size() != length) {
            throw new IllegalArgumentException(
                    "Cannot set " + elements.size() + " elements into a shared array of length " + length);
        }
        for (int i = 0; i < length; i++) {
            set(i, elements.get(i));
        }
    }

    /**
     * An element of a BYTE array.
     *
     * @param index the index, 0 to length-1
     * @return the element
     * @throws ClassCastException if the array is of another type
     * @throws IndexOutOfBoundsException for a bad index
     */
    public byte getByte(int index) {
        check(TypeCode.BYTE);
        return Cells.getByte(buffer, offset(index));
    }

    /**
     * Sets an element of a BYTE array.
     *
     * @param index the index, 0 to length-1
     * @param value the new element
     * @throws ClassCastException if the array is of another type
     * @throws IndexOutOfBoundsException for a bad index
     */
    public void setByte(int index, byte value) {
        check(TypeCode.BYTE);
        Cells.setByte(buffer, offset(index), value);
    }

    /**
     * An element of a CHAR array (one byte, U+0000 to U+00FF).
     *
     * @param index the index, 0 to length-1
     * @return the element
     * @throws ClassCastException if the array is of another type
     * @throws IndexOutOfBoundsException for a bad index
     */
    public char getChar(int index) {
        return Cells.getCharValue(type, buffer, offset(index));
    }

    /**
     * Sets an element of a CHAR array; characters above U+00FF throw
     * {@link IllegalArgumentException} (use WCHAR).
     *
     * @param index the index, 0 to length-1
     * @param value the new element
     * @throws ClassCastException if the array is of another type
     * @throws IndexOutOfBoundsException for a bad index
     */
    public void setChar(int index, char value) {
        Cells.setCharValue(type, buffer, offset(index), value);
    }

    /**
     * An element of a SHORT array.
     *
     * @param index the index, 0 to length-1
     * @return the element
     * @throws ClassCastException if the array is of another type
     * @throws IndexOutOfBoundsException for a bad index
     */
    public short getShort(int index) {
        check(TypeCode.SHORT);
        return Cells.getShort(buffer, offset(index));
    }

    /**
     * Sets an element of a SHORT array.
     *
     * @param index the index, 0 to length-1
     * @param value the new element
     * @throws ClassCastException if the array is of another type
     * @throws IndexOutOfBoundsException for a bad index
     */
    public void setShort(int index, short value) {
        check(TypeCode.SHORT);
        Cells.setShort(buffer, offset(index), value);
    }

    /**
     * An element of an array read as ints: INT, UNSIGNED_BYTE, UNSIGNED_SHORT, or WCHAR (code points).
     *
     * @param index the index, 0 to length-1
     * @return the element
     * @throws ClassCastException if the array is of another type
     * @throws IndexOutOfBoundsException for a bad index
     */
    public int getInt(int index) {
        return Cells.getIntValue(type, buffer, offset(index));
    }

    /**
     * Sets an element of an array read as ints: INT, UNSIGNED_BYTE, UNSIGNED_SHORT (range-checked,
     * else {@link IllegalArgumentException}) or WCHAR (a code point).
     *
     * @param index the index, 0 to length-1
     * @param value the new element
     * @throws ClassCastException if the array is of another type
     * @throws IndexOutOfBoundsException for a bad index
     */
    public void setInt(int index, int value) {
        Cells.setIntValue(type, buffer, offset(index), value);
    }

    /**
     * An element of an array read as longs: LONG, UNSIGNED_INT, or UNSIGNED_LONG (raw bits).
     *
     * @param index the index, 0 to length-1
     * @return the element
     * @throws ClassCastException if the array is of another type
     * @throws IndexOutOfBoundsException for a bad index
     */
    public long getLong(int index) {
        return Cells.getLongValue(type, buffer, offset(index));
    }

    /**
     * Sets an element of an array read as longs: LONG, UNSIGNED_INT (range-checked, else
     * {@link IllegalArgumentException}) or UNSIGNED_LONG (raw bits).
     *
     * @param index the index, 0 to length-1
     * @param value the new element
     * @throws ClassCastException if the array is of another type
     * @throws IndexOutOfBoundsException for a bad index
     */
    public void setLong(int index, long value) {
        Cells.setLongValue(type, buffer, offset(index), value);
    }

    /**
     * An element of a FLOAT array.
     *
     * @param index the index, 0 to length-1
     * @return the element
     * @throws ClassCastException if the array is of another type
     * @throws IndexOutOfBoundsException for a bad index
     */
    public float getFloat(int index) {
        check(TypeCode.FLOAT);
        return Cells.getFloat(buffer, offset(index));
    }

    /**
     * Sets an element of a FLOAT array.
     *
     * @param index the index, 0 to length-1
     * @param value the new element
     * @throws ClassCastException if the array is of another type
     * @throws IndexOutOfBoundsException for a bad index
     */
    public void setFloat(int index, float value) {
        check(TypeCode.FLOAT);
        Cells.setFloat(buffer, offset(index), value);
    }

    /**
     * An element of a DOUBLE array.
     *
     * @param index the index, 0 to length-1
     * @return the element
     * @throws ClassCastException if the array is of another type
     * @throws IndexOutOfBoundsException for a bad index
     */
    public double getDouble(int index) {
        check(TypeCode.DOUBLE);
        return Cells.getDouble(buffer, offset(index));
    }

    /**
     * Sets an element of a DOUBLE array.
     *
     * @param index the index, 0 to length-1
     * @param value the new element
     * @throws ClassCastException if the array is of another type
     * @throws IndexOutOfBoundsException for a bad index
     */
    public void setDouble(int index, double value) {
        check(TypeCode.DOUBLE);
        Cells.setDouble(buffer, offset(index), value);
    }

    /**
     * An element of a BOOLEAN array.
     *
     * @param index the index, 0 to length-1
     * @return the element
     * @throws ClassCastException if the array is of another type
     * @throws IndexOutOfBoundsException for a bad index
     */
    public boolean getBoolean(int index) {
        check(TypeCode.BOOLEAN);
        return Cells.getByte(buffer, offset(index)) != 0;
    }

    /**
     * Sets an element of a BOOLEAN array.
     *
     * @param index the index, 0 to length-1
     * @param value the new element
     * @throws ClassCastException if the array is of another type
     * @throws IndexOutOfBoundsException for a bad index
     */
    public void setBoolean(int index, boolean value) {
        check(TypeCode.BOOLEAN);
        Cells.setByte(buffer, offset(index), (byte) (value ? 1 : 0));
    }

    /**
     * Copies every element into a primitive array of the element type, in bulk: bytes through
     * {@code memmove}, wider elements through the buffer's copy, which moves each aligned element whole.
     * The acquire fence after the copy gives every element's read the order of an acquire load.
     */
    private void bulkGet(Object target) {
        ByteBuffer data = data();
        switch (type) {
            case BYTE -> NativeCopy.get(buffer, base(), SharedValue.DATA, (byte[]) target, 0, length);
            case SHORT -> data.asShortBuffer().get(0, (short[]) target);
            case INT -> data.asIntBuffer().get(0, (int[]) target);
            case LONG -> data.asLongBuffer().get(0, (long[]) target);
            case FLOAT -> data.asFloatBuffer().get(0, (float[]) target);
            case DOUBLE -> data.asDoubleBuffer().get(0, (double[]) target);
            default -> throw new IllegalStateException(type + " arrays are copied element by element");
        }
        VarHandle.acquireFence();
    }

    /** The bulk twin of set(): a release fence first, so that each element's store is a release store. */
    private void bulkSet(Object source) {
        ByteBuffer data = data();
        VarHandle.releaseFence();
        switch (type) {
            case BYTE -> NativeCopy.put(buffer, base(), SharedValue.DATA, (byte[]) source, 0, length);
            case SHORT -> data.asShortBuffer().put(0, (short[]) source);
            case INT -> data.asIntBuffer().put(0, (int[]) source);
            case LONG -> data.asLongBuffer().put(0, (long[]) source);
            case FLOAT -> data.asFloatBuffer().put(0, (float[]) source);
            case DOUBLE -> data.asDoubleBuffer().put(0, (double[]) source);
            default -> throw new IllegalStateException(type + " arrays are copied element by element");
        }
    }

    /**
     * Whether elements are stored exactly as their Java type (the signed numeric codes), so that a
     * primitive array copies in bulk; the others convert each element (unsigned widening, one-byte chars,
     * code points, booleans).
     */
    private static boolean copiesInBulk(TypeCode type) {
        return switch (type) {
            case BYTE, SHORT, INT, LONG, FLOAT, DOUBLE -> true;
            default -> false;
        };
    }

    /** The elements' bytes, in native order. */
    private ByteBuffer data() {
        return buffer.duplicate()
                .position(SharedValue.DATA)
                .limit(SharedValue.DATA + length * type.size())
                .slice()
                .order(ByteOrder.nativeOrder());
    }

    private long base() {
        return block.segment().address(0);
    }

    private int offset(int index) {
        return SharedValue.DATA + Objects.checkIndex(index, length) * type.size();
    }

    private void check(TypeCode asked) {
        if (type != asked) {
            throw Cells.mismatch(type, asked);
        }
    }

    /**
     * The array without its lock: the same shared memory, raw. Python's {@code get_obj()} of a synchronized
     * array; a raw array returns itself.
     *
     * @return a raw view of the same elements
     */
    public SharedArray getObj() {
        return lock == null ? this : new SharedArray(block, type, length, null, false);
    }

    /**
     * Every byte of a CHAR array. Python's {@code arr.raw}.
     *
     * @return a copy of the {@link #length()} bytes
     * @throws ClassCastException if the array is not a CHAR array
     */
    public byte[] getRaw() {
        check(TypeCode.CHAR);
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = Cells.getByte(buffer, offset(i));
        }
        return bytes;
    }

    /**
     * Writes bytes at the start of a CHAR array, leaving the rest as it is. Python's {@code arr.raw = b}.
     *
     * @param bytes at most {@link #length()} bytes
     * @throws ClassCastException if the array is not a CHAR array
     * @throws IllegalArgumentException if there are more bytes than elements
     */
    public void setRaw(byte[] bytes) {
        check(TypeCode.CHAR);
        fits(bytes.length, "bytes");
        for (int i = 0; i < bytes.length; i++) {
            Cells.setByte(buffer, offset(i), bytes[i]);
        }
    }

    /**
     * The bytes of a CHAR array up to its first zero byte (C's string). Python's {@code arr.value}.
     *
     * @return the bytes before the first zero, or all of them
     * @throws ClassCastException if the array is not a CHAR array
     */
    public byte[] getValue() {
        byte[] raw = getRaw();
        int end = 0;
        while (end < raw.length && raw[end] != 0) {
            end++;
        }
        return Arrays.copyOf(raw, end);
    }

    /**
     * Writes bytes at the start of a CHAR array and a zero byte after them when there is room. Python's
     * {@code arr.value = b}.
     *
     * @param bytes at most {@link #length()} bytes
     * @throws ClassCastException if the array is not a CHAR array
     * @throws IllegalArgumentException if there are more bytes than elements
     */
    public void setValue(byte[] bytes) {
        setRaw(bytes);
        if (bytes.length < length) {
            Cells.setByte(buffer, offset(bytes.length), (byte) 0);
        }
    }

    /**
     * The text of a CHAR array (bytes as Latin-1) or a WCHAR array (code points) up to its first zero.
     * Python's {@code arr.value} of a {@code 'u'} array, and a readable {@code arr.value} of a {@code 'c'} one.
     *
     * @return the characters before the first zero, or all of them
     * @throws ClassCastException if the array is neither CHAR nor WCHAR
     */
    public String getString() {
        if (type == TypeCode.CHAR) {
            return new String(getValue(), StandardCharsets.ISO_8859_1);
        }
        check(TypeCode.WCHAR);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int point = Cells.getInt(buffer, offset(i));
            if (point == 0) {
                break;
            }
            text.appendCodePoint(point);
        }
        return text.toString();
    }

    /**
     * Writes text at the start of a CHAR array (each character U+0000 to U+00FF, one byte) or a WCHAR array
     * (one element per code point), and a zero after it when there is room. Python's {@code arr.value = s}.
     *
     * @param text the text
     * @throws ClassCastException if the array is neither CHAR nor WCHAR
     * @throws IllegalArgumentException if the text is longer than the array, or has a character a CHAR
     *         array cannot hold
     */
    public void setString(String text) {
        if (type == TypeCode.CHAR) {
            byte[] bytes = new byte[text.length()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) type.byteCharacter(text.charAt(i));
            }
            setValue(bytes);
            return;
        }
        check(TypeCode.WCHAR);
        int[] points = text.codePoints().toArray();
        fits(points.length, "characters");
        for (int i = 0; i < points.length; i++) {
            Cells.setInt(buffer, offset(i), points[i]);
        }
        if (points.length < length) {
            Cells.setInt(buffer, offset(points.length), 0);
        }
    }

    private void fits(int count, String what) {
        if (count > length) {
            throw new IllegalArgumentException(
                    count + " " + what + " do not fit in a shared " + type + " array of length " + length);
        }
    }

    SharedBlock block() {
        return block;
    }

    /** This array's memory with another lock (or none): for synchronize(). */
    SharedArray withLock(AbstractProcessLock other, boolean own) {
        return new SharedArray(block, type, length, other, own);
    }

    @Override
    String kind() {
        return "array";
    }

    @Override
    String howToLock() {
        return "create it with ctx.array(...) or wrap it with SharedCTypes.synchronize(array, lock)";
    }

    @Override
    public String toString() {
        return (lock == null ? "RawArray(" : "Array(") + type.code() + ", length " + length + ")";
    }

    @Serial
    private Object writeReplace() {
        return new Ticket(block.name(), type, length, ownLock, ownLock ? null : lock);
    }

    /** How an array travels: its block, type, length, and its lock (own, given, or none). */
    private record Ticket(
            String block,
            TypeCode type,
            int length,
            boolean ownLock,
            @Nullable AbstractProcessLock lock) implements Serializable {
        @Serial
        private Object readResolve() {
            SharedBlock shared = SharedBlock.attach(block, "array");
            return new SharedArray(shared, type, length, ownLock ? ReentrantProcessLock.at(shared, 0) : lock, ownLock);
        }
    }
}
