package io.multiprocess.sharedctypes;

import io.multiprocess.internal.shm.SharedBlock;
import io.multiprocess.synchronize.AbstractProcessLock;
import io.multiprocess.synchronize.ReentrantProcessLock;
import io.multiprocess.tracker.ResourceTracker;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A fixed-length array of structures in shared memory: Java records of primitive components laid out as
 * a C array of ctypes {@code Structure}s. Python's {@code Array(Point, [(1.875, -6.25), (-5.75, 2.0)])};
 * obtain one from {@code ctx.array(Point.class, points)}, {@code ctx.rawArray(...)} or {@link SharedCTypes}.
 *
 * <pre>{@code
 * record Point(double x, double y) {}
 * SharedStructArray<Point> points = ctx.array(Point.class, List.of(new Point(1.875, -6.25), new Point(-5.75, 2)));
 * ctx.process(a -> { for (int i = 0; i < a.length(); i++) { Point p = a.get(i); a.set(i, new Point(p.x() * p.x(), p.y() * p.y())); } }, points).start();
 * }</pre>
 *
 * <p>Element {@code i} starts at byte {@code 16 + i * size()} of the segment {@link #name()}; the layout is
 * {@link SharedStruct}'s. Each component access is atomic and ordered, a whole element is not: hold the
 * lock when processes update elements concurrently. Indexes are checked.
 *
 * @param <R> the record type
 */
public final class SharedStructArray<R extends Record> extends SharedData implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient StructLayout<R> layout;
    private final int length;

    SharedStructArray(
            SharedBlock block,
            StructLayout<R> layout,
            int length,
            @Nullable AbstractProcessLock lock,
            boolean ownLock) {
        super(block, lock, ownLock);
        this.layout = layout;
        this.length = length;
    }

    static <R extends Record> SharedStructArray<R> create(
            Class<R> type, int length, @Nullable List<? extends R> initial, Object lock) {
        StructLayout<R> layout = StructLayout.of(type);
        if (length < 0) {
            throw new IllegalArgumentException("An array's length must be zero or more, not " + length);
        }
        long bytes = SharedValue.DATA + (long) length * layout.size();
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("A shared array of " + length + " " + type.getSimpleName() + " (" + bytes
                    + " bytes) exceeds the 2 GiB limit of one segment");
        }
        SharedBlock block =
                SharedBlock.create("array", Math.max(bytes, SharedValue.DATA + 8), ResourceTracker.segments());
        SharedStructArray<R> array = new SharedStructArray<>(
                block, layout, length, SharedValue.lockFor(block, lock), Boolean.TRUE.equals(lock));
        if (initial != null) {
            for (int i = 0; i < length; i++) {
                array.set(i, initial.get(i));
            }
        }
        return array;
    }

    /**
     * The record type.
     *
     * @return the class
     */
    public Class<R> type() {
        return layout.type();
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
     * The size of one element in memory, C's {@code sizeof}, padding included.
     *
     * @return bytes
     */
    public int elementSize() {
        return layout.size();
    }

    /**
     * An element, read field by field into a new record. Python's {@code arr[i]}.
     *
     * @param index the index, 0 to length-1
     * @return the record
     * @throws IndexOutOfBoundsException for a bad index
     */
    public R get(int index) {
        return layout.read(buffer, offset(index));
    }

    /**
     * Writes every field of an element. Python's {@code arr[i] = Point(...)}.
     *
     * @param index the index, 0 to length-1
     * @param value the record
     * @throws IndexOutOfBoundsException for a bad index
     */
    public void set(int index, R value) {
        layout.write(buffer, offset(index), Objects.requireNonNull(value, "value"));
    }

    /**
     * The elements as a new list. Python's {@code list(arr)} / {@code arr[:]}.
     *
     * @return the records
     */
    public List<R> toList() {
        List<R> list = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            list.add(get(i));
        }
        return list;
    }

    /**
     * Writes every element. Python's {@code arr[:] = values}.
     *
     * @param values exactly {@link #length()} records
     * @throws IllegalArgumentException if the count differs
     */
    public void setAll(List<? extends R> values) {
        if (values.size() != length) {
            throw new IllegalArgumentException(
                    "Cannot set " + values.size() + " elements into a shared array of length " + length);
        }
        for (int i = 0; i < length; i++) {
            set(i, values.get(i));
        }
    }

    /**
     * The array without its lock: the same memory, raw. Python's {@code get_obj()}.
     *
     * @return a raw view, or this if it is raw
     */
    public SharedStructArray<R> getObj() {
        return lock == null ? this : new SharedStructArray<>(block, layout, length, null, false);
    }

    private int offset(int index) {
        return SharedValue.DATA + Objects.checkIndex(index, length) * layout.size();
    }

    @Override
    String kind() {
        return "array";
    }

    @Override
    String howToLock() {
        return "create it with ctx.array(type, ...) to have one";
    }

    @Override
    public String toString() {
        return (lock == null ? "RawArray(" : "Array(") + type().getSimpleName() + ", length " + length + ")";
    }

    @Serial
    private Object writeReplace() {
        return new Ticket(block.name(), type(), length, ownLock, ownLock ? null : lock);
    }

    /** How an array travels: its block, record type, length and lock. */
    private record Ticket(
            String block,
            Class<? extends Record> type,
            int length,
            boolean ownLock,
            @Nullable AbstractProcessLock lock) implements Serializable {
        @Serial
        private Object readResolve() {
            SharedBlock shared = SharedBlock.attach(block, "array");
            return new SharedStructArray<>(
                    shared,
                    StructLayout.of(type),
                    length,
                    ownLock ? ReentrantProcessLock.at(shared, 0) : lock,
                    ownLock);
        }
    }
}
