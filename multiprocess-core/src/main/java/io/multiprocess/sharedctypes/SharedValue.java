package io.multiprocess.sharedctypes;

import io.multiprocess.internal.shm.SharedBlock;
import io.multiprocess.synchronize.AbstractProcessLock;
import io.multiprocess.synchronize.ReentrantProcessLock;
import io.multiprocess.tracker.ResourceTracker;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One primitive value in shared memory, readable and writable by every process that has it. Python's
 * {@code multiprocessing.Value} (with a lock) and {@code RawValue} (without); obtain one from
 * {@code ctx.value(...)}, {@code ctx.rawValue(...)} or {@link SharedCTypes}.
 *
 * <pre>{@code
 * SharedValue counter = ctx.value(TypeCode.LONG, 0);
 * ctx.process(c -> {
 *     c.getLock().lock();
 *     try { c.setLong(c.getLong() + 1); } finally { c.getLock().unlock(); }
 * }, counter).start();
 * }</pre>
 *
 * <p>Each read and write is atomic and ordered (an acquire load, a release store): a write in one
 * process is seen by the next read in another. A read-modify-write such as an increment needs the lock,
 * as in Python. Unlike Python's synchronized wrapper, single reads and writes do not take the lock
 * (they are atomic already), so holding it around them never deadlocks, whatever lock it is.
 *
 * <p>The typed accessors must match {@link #type()} ({@code getInt()} on an {@link TypeCode#INT} value);
 * a mismatch throws {@link ClassCastException}. {@link #get()} and {@link #set(Object)} work for every
 * type. The segment's life cycle is that of the locks (see {@link AbstractProcessLock}): the creator
 * unlinks it on {@link #unlink()}, when it no longer references the value, or at exit.
 */
public final class SharedValue extends SharedData implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Where the data of a value, an array or a structure starts in its segment ({@link #name()}): after room
     * for the lock word at offset 0. A CPython process that maps the segment finds element {@code i} of an
     * array at {@code DATA_OFFSET + i * type.size()}.
     */
    public static final int DATA_OFFSET = 16;

    /** Where the data starts in the block: after room for a lock word at offset 0. */
    static final int DATA = DATA_OFFSET;

    private final TypeCode type;

    SharedValue(SharedBlock block, TypeCode type, @Nullable AbstractProcessLock lock, boolean ownLock) {
        super(block, lock, ownLock);
        this.type = Objects.requireNonNull(type, "type");
    }

    /** A new value in a new block; {@code lock}: true for its own re-entrant lock, or an existing lock. */
    static SharedValue create(TypeCode type, @Nullable Object initial, Object lock) {
        SharedBlock block = SharedBlock.create("value", DATA + 8, ResourceTracker.segments());
        SharedValue value = new SharedValue(block, type, lockFor(block, lock), Boolean.TRUE.equals(lock));
        value.set(initial);
        return value;
    }

    /** The lock a value or array gets: none, its own (offset 0 of its block), or the one given. */
    static @Nullable AbstractProcessLock lockFor(SharedBlock block, Object lock) {
        if (lock == null || Boolean.FALSE.equals(lock)) {
            return null;
        }
        if (Boolean.TRUE.equals(lock)) {
            return ReentrantProcessLock.at(block, 0);
        }
        if (lock instanceof AbstractProcessLock given) {
            return given;
        }
        throw new IllegalArgumentException(
                "lock must be true, false or a ProcessLock/ReentrantProcessLock, not " + lock);
    }

    /**
     * The value's type.
     *
     * @return the type
     */
    public TypeCode type() {
        return type;
    }

    /**
     * The value, boxed ({@link Byte}, {@link Character}, {@link Short}, {@link Integer}, {@link Long},
     * {@link Float}, {@link Double} or {@link Boolean}). Python's {@code value}.
     *
     * @return the value
     */
    public Object get() {
        return Cells.get(type, buffer, DATA);
    }

    /**
     * Sets the value from a box: a {@link Number} (converted as a Java cast) for numeric types, a
     * {@link Character} or one-character String for CHAR, a {@link Boolean} for BOOLEAN; null is zero.
     *
     * @param value the new value
     * @throws IllegalArgumentException if it cannot be converted
     */
    public void set(@Nullable Object value) {
        Cells.set(type, buffer, DATA, value);
    }

    /**
     * The value of a BYTE.
     *
     * @return the value
     * @throws ClassCastException if the value is of another type
     */
    public byte getByte() {
        check(TypeCode.BYTE);
        return Cells.getByte(buffer, DATA);
    }

    /**
     * Sets a BYTE.
     *
     * @param value the new value
     * @throws ClassCastException if the value is of another type
     */
    public void setByte(byte value) {
        check(TypeCode.BYTE);
        Cells.setByte(buffer, DATA, value);
    }

    /**
     * The value of a CHAR (one byte, U+0000 to U+00FF).
     *
     * @return the value
     * @throws ClassCastException if the value is of another type
     */
    public char getChar() {
        return Cells.getCharValue(type, buffer, DATA);
    }

    /**
     * Sets a CHAR; characters above U+00FF throw {@link IllegalArgumentException} (use WCHAR).
     *
     * @param value the new value
     * @throws ClassCastException if the value is of another type
     */
    public void setChar(char value) {
        Cells.setCharValue(type, buffer, DATA, value);
    }

    /**
     * The value of a SHORT.
     *
     * @return the value
     * @throws ClassCastException if the value is of another type
     */
    public short getShort() {
        check(TypeCode.SHORT);
        return Cells.getShort(buffer, DATA);
    }

    /**
     * Sets a SHORT.
     *
     * @param value the new value
     * @throws ClassCastException if the value is of another type
     */
    public void setShort(short value) {
        check(TypeCode.SHORT);
        Cells.setShort(buffer, DATA, value);
    }

    /**
     * The value of a type read as an int: INT, UNSIGNED_BYTE, UNSIGNED_SHORT, or WCHAR (its code point).
     *
     * @return the value
     * @throws ClassCastException if the value is of another type
     */
    public int getInt() {
        return Cells.getIntValue(type, buffer, DATA);
    }

    /**
     * Sets a type read as an int: INT, UNSIGNED_BYTE, UNSIGNED_SHORT (range-checked, else
     * {@link IllegalArgumentException}) or WCHAR (a code point).
     *
     * @param value the new value
     * @throws ClassCastException if the value is of another type
     */
    public void setInt(int value) {
        Cells.setIntValue(type, buffer, DATA, value);
    }

    /**
     * The value of a type read as a long: LONG, UNSIGNED_INT, or UNSIGNED_LONG (its raw bits).
     *
     * @return the value
     * @throws ClassCastException if the value is of another type
     */
    public long getLong() {
        return Cells.getLongValue(type, buffer, DATA);
    }

    /**
     * Sets a type read as a long: LONG, UNSIGNED_INT (range-checked, else
     * {@link IllegalArgumentException}) or UNSIGNED_LONG (the raw bits).
     *
     * @param value the new value
     * @throws ClassCastException if the value is of another type
     */
    public void setLong(long value) {
        Cells.setLongValue(type, buffer, DATA, value);
    }

    /**
     * The value of a FLOAT.
     *
     * @return the value
     * @throws ClassCastException if the value is of another type
     */
    public float getFloat() {
        check(TypeCode.FLOAT);
        return Cells.getFloat(buffer, DATA);
    }

    /**
     * Sets a FLOAT.
     *
     * @param value the new value
     * @throws ClassCastException if the value is of another type
     */
    public void setFloat(float value) {
        check(TypeCode.FLOAT);
        Cells.setFloat(buffer, DATA, value);
    }

    /**
     * The value of a DOUBLE.
     *
     * @return the value
     * @throws ClassCastException if the value is of another type
     */
    public double getDouble() {
        check(TypeCode.DOUBLE);
        return Cells.getDouble(buffer, DATA);
    }

    /**
     * Sets a DOUBLE.
     *
     * @param value the new value
     * @throws ClassCastException if the value is of another type
     */
    public void setDouble(double value) {
        check(TypeCode.DOUBLE);
        Cells.setDouble(buffer, DATA, value);
    }

    /**
     * The value of a BOOLEAN.
     *
     * @return the value
     * @throws ClassCastException if the value is of another type
     */
    public boolean getBoolean() {
        check(TypeCode.BOOLEAN);
        return Cells.getByte(buffer, DATA) != 0;
    }

    /**
     * Sets a BOOLEAN.
     *
     * @param value the new value
     * @throws ClassCastException if the value is of another type
     */
    public void setBoolean(boolean value) {
        check(TypeCode.BOOLEAN);
        Cells.setByte(buffer, DATA, (byte) (value ? 1 : 0));
    }

    private void check(TypeCode asked) {
        if (type != asked) {
            throw Cells.mismatch(type, asked);
        }
    }

    /**
     * The value without its lock: the same shared memory, raw. Python's {@code get_obj()} of a synchronized
     * value; a raw value returns itself.
     *
     * @return a raw view of the same value
     */
    public SharedValue getObj() {
        return lock == null ? this : new SharedValue(block, type, null, false);
    }

    SharedBlock block() {
        return block;
    }

    /** This value's memory with another lock (or none): for synchronize(). */
    SharedValue withLock(AbstractProcessLock other, boolean own) {
        return new SharedValue(block, type, other, own);
    }

    @Override
    String kind() {
        return "value";
    }

    @Override
    String howToLock() {
        return "create it with ctx.value(...) or wrap it with SharedCTypes.synchronize(value, lock)";
    }

    @Override
    public String toString() {
        return (lock == null ? "RawValue(" : "Value(") + type.code() + ", " + get() + ")";
    }

    @Serial
    private Object writeReplace() {
        return new Ticket(block.name(), type, ownLock, ownLock ? null : lock);
    }

    /** How a value travels: its block, type, and its lock (own, given, or none). */
    private record Ticket(
            String block,
            TypeCode type,
            boolean ownLock,
            @Nullable AbstractProcessLock lock) implements Serializable {
        @Serial
        private Object readResolve() {
            SharedBlock shared = SharedBlock.attach(block, "value");
            return new SharedValue(shared, type, ownLock ? ReentrantProcessLock.at(shared, 0) : lock, ownLock);
        }
    }
}
