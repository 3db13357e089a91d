package io.multiprocess.sharedctypes;

import io.multiprocess.synchronize.AbstractProcessLock;
import io.multiprocess.synchronize.ReentrantProcessLock;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The functions of Python's {@code multiprocessing.sharedctypes}: shared values and arrays, with or
 * without a lock, and the {@code synchronized} and {@code copy} helpers. The same factories are on
 * {@code ProcessSettings} ({@code ctx.value(...)}...) and the {@code Multiprocess} facade.
 */
public final class SharedCTypes {

    private SharedCTypes() {}

    /**
     * A shared value with its own re-entrant lock. Python's {@code Value(typecode, initial)}.
     *
     * @param type    the type
     * @param initial the initial value (a Number, Character or Boolean; null for zero)
     * @return the value
     * @throws IllegalArgumentException if the initial value does not fit the type
     * @throws io.multiprocess.MultiprocessException if the shared segment cannot be created
     */
    public static SharedValue value(TypeCode type, @Nullable Object initial) {
        return value(type, initial, true);
    }

    /**
     * A shared value. Python's {@code Value(typecode, initial, lock=...)}.
     *
     * @param type    the type
     * @param initial the initial value
     * @param lock    true for a new re-entrant lock of its own, false for none (a raw value)
     * @return the value
     * @throws IllegalArgumentException if the initial value does not fit the type
     * @throws io.multiprocess.MultiprocessException if the shared segment cannot be created
     */
    public static SharedValue value(TypeCode type, @Nullable Object initial, boolean lock) {
        return SharedValue.create(Objects.requireNonNull(type, "type"), initial, lock);
    }

    /**
     * A shared value guarded by an existing lock (shared with other values, say). Python's
     * {@code Value(typecode, initial, lock=lock)}.
     *
     * @param type    the type
     * @param initial the initial value
     * @param lock    the lock to use
     * @return the value
     * @throws io.multiprocess.MultiprocessException if the shared segment cannot be created
     */
    public static SharedValue value(TypeCode type, @Nullable Object initial, AbstractProcessLock lock) {
        return SharedValue.create(Objects.requireNonNull(type, "type"), initial, Objects.requireNonNull(lock, "lock"));
    }

    /**
     * A shared value without a lock. Python's {@code RawValue(typecode, initial)}.
     *
     * @param type    the type
     * @param initial the initial value
     * @return the raw value
     * @throws io.multiprocess.MultiprocessException if the shared segment cannot be created
     */
    public static SharedValue rawValue(TypeCode type, @Nullable Object initial) {
        return value(type, initial, false);
    }

    /**
     * A shared array with its own re-entrant lock. Python's {@code Array(typecode, size_or_initializer)}.
     *
     * @param type              the element type
     * @param sizeOrInitializer a length (an Integer), or the initial elements: a primitive array, an
     *                          Object[], a Collection, or a String for CHAR
     * @return the array, zero-filled when given a length
     * @throws IllegalArgumentException for a negative length or elements that do not fit the type
     * @throws io.multiprocess.MultiprocessException if the shared segment cannot be created
     */
    public static SharedArray array(TypeCode type, Object sizeOrInitializer) {
        return array(type, sizeOrInitializer, true);
    }

    /**
     * A shared array. Python's {@code Array(typecode, size_or_initializer, lock=...)}.
     *
     * @param type              the element type
     * @param sizeOrInitializer a length or the initial elements (see {@link #array(TypeCode, Object)})
     * @param lock              true for a new re-entrant lock of its own, false for none
     * @return the array
     * @throws IllegalArgumentException for a negative length or elements that do not fit the type
     * @throws io.multiprocess.MultiprocessException if the shared segment cannot be created
     */
    public static SharedArray array(TypeCode type, Object sizeOrInitializer, boolean lock) {
        return SharedArray.create(Objects.requireNonNull(type, "type"), sizeOrInitializer, lock);
    }

    /**
     * A shared array guarded by an existing lock.
     *
     * @param type              the element type
     * @param sizeOrInitializer a length or the initial elements
     * @param lock              the lock to use
     * @return the array
     * @throws io.multiprocess.MultiprocessException if the shared segment cannot be created
     */
    public static SharedArray array(TypeCode type, Object sizeOrInitializer, AbstractProcessLock lock) {
        return SharedArray.create(
                Objects.requireNonNull(type, "type"), sizeOrInitializer, Objects.requireNonNull(lock, "lock"));
    }

    /**
     * A shared array without a lock. Python's {@code RawArray(typecode, size_or_initializer)}.
     *
     * @param type              the element type
     * @param sizeOrInitializer a length or the initial elements
     * @return the raw array
     * @throws io.multiprocess.MultiprocessException if the shared segment cannot be created
     */
    public static SharedArray rawArray(TypeCode type, Object sizeOrInitializer) {
        return array(type, sizeOrInitializer, false);
    }

    /**
     * The same shared memory as {@code value}, guarded by {@code lock}. Python's
     * {@code synchronized(obj, lock)} ({@code synchronized} is a Java keyword).
     *
     * @param value the value (raw or not)
     * @param lock  the lock; null for a new re-entrant lock kept in the value's own segment
     * @return a value object over the same memory, with the lock
     */
    public static SharedValue synchronize(SharedValue value, @Nullable AbstractProcessLock lock) {
        Objects.requireNonNull(value, "value");
        return lock != null
                ? value.withLock(lock, false)
                : value.withLock(ReentrantProcessLock.at(value.block(), 0), true);
    }

    /**
     * The same shared memory as {@code array}, guarded by {@code lock}. Python's {@code synchronized(obj, lock)}.
     *
     * @param array the array (raw or not)
     * @param lock  the lock; null for a new re-entrant lock kept in the array's own segment
     * @return an array object over the same memory, with the lock
     */
    public static SharedArray synchronize(SharedArray array, @Nullable AbstractProcessLock lock) {
        Objects.requireNonNull(array, "array");
        return lock != null
                ? array.withLock(lock, false)
                : array.withLock(ReentrantProcessLock.at(array.block(), 0), true);
    }

    /**
     * A new raw value holding a copy of {@code value}. Python's {@code copy(obj)}.
     *
     * @param value the value to copy
     * @return a new raw value in a new segment
     */
    public static SharedValue copy(SharedValue value) {
        return rawValue(value.type(), value.get());
    }

    /**
     * A new raw array holding a copy of {@code array}. Python's {@code copy(obj)}.
     *
     * @param array the array to copy
     * @return a new raw array in a new segment
     */
    public static SharedArray copy(SharedArray array) {
        return rawArray(array.type(), array.toArray());
    }

    /**
     * A shared structure with its own re-entrant lock. Python's {@code Value(Point, x, y)} with a ctypes
     * {@code Structure}; see {@link SharedStruct} for the layout.
     *
     * @param type    a record of primitive components (and nested such records)
     * @param initial the initial value, or null for all fields zero
     * @param <R>     the record type
     * @return the structure
     * @throws IllegalArgumentException if the type cannot be laid out in shared memory
     * @throws io.multiprocess.MultiprocessException if the shared segment cannot be created
     */
    public static <R extends Record> SharedStruct<R> value(Class<R> type, @Nullable R initial) {
        return SharedStruct.create(type, initial, true);
    }

    /**
     * A shared structure without a lock. Python's {@code RawValue(Point, x, y)}.
     *
     * @param type    a record of primitive components (and nested such records)
     * @param initial the initial value, or null for all fields zero
     * @param <R>     the record type
     * @return the structure
     * @throws IllegalArgumentException if the type cannot be laid out in shared memory
     * @throws io.multiprocess.MultiprocessException if the shared segment cannot be created
     */
    public static <R extends Record> SharedStruct<R> rawValue(Class<R> type, @Nullable R initial) {
        return SharedStruct.create(type, initial, false);
    }

    /**
     * A shared array of zeroed structures with its own re-entrant lock. Python's {@code Array(Point, n)}.
     *
     * @param type   a record of primitive components (and nested such records)
     * @param length the number of elements
     * @param <R>    the record type
     * @return the array
     * @throws IllegalArgumentException if the type cannot be laid out or the length is negative
     * @throws io.multiprocess.MultiprocessException if the shared segment cannot be created
     */
    public static <R extends Record> SharedStructArray<R> array(Class<R> type, int length) {
        return SharedStructArray.create(type, length, null, true);
    }

    /**
     * A shared array of structures with its own re-entrant lock. Python's
     * {@code Array(Point, [(1.875, -6.25), (-5.75, 2.0)])}.
     *
     * @param type     a record of primitive components (and nested such records)
     * @param elements the initial elements
     * @param <R>      the record type
     * @return the array
     * @throws IllegalArgumentException if the type cannot be laid out
     * @throws io.multiprocess.MultiprocessException if the shared segment cannot be created
     */
    public static <R extends Record> SharedStructArray<R> array(Class<R> type, List<? extends R> elements) {
        return SharedStructArray.create(type, elements.size(), elements, true);
    }

    /**
     * A shared array of structures without a lock. Python's {@code RawArray(Point, [...])}.
     *
     * @param type     a record of primitive components (and nested such records)
     * @param elements the initial elements
     * @param <R>      the record type
     * @return the array
     * @throws IllegalArgumentException if the type cannot be laid out
     * @throws io.multiprocess.MultiprocessException if the shared segment cannot be created
     */
    public static <R extends Record> SharedStructArray<R> rawArray(Class<R> type, List<? extends R> elements) {
        return SharedStructArray.create(type, elements.size(), elements, false);
    }
}
