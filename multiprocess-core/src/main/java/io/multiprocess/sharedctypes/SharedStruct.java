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
 * One structure in shared memory: a Java record of primitive components (and nested such records) laid
 * out as C and ctypes' {@code Structure} lay it out. Python's {@code Value(Point, 1.0, 2.0)} with a
 * {@code ctypes.Structure}; obtain one from {@code ctx.value(Point.class, new Point(1, 2))},
 * {@code ctx.rawValue(...)} or {@link SharedCTypes}.
 *
 * <pre>{@code
 * record Point(double x, double y) {}
 * SharedStruct<Point> p = ctx.value(Point.class, new Point(1, 2));
 * p.set(new Point(3, 4));
 * }</pre>
 *
 * <p>Components map to C types as: byte {@code c_byte}, boolean {@code c_bool}, short {@code c_short},
 * char {@code c_uint16}, int {@code c_int}, float {@code c_float}, long {@code c_long} (64-bit),
 * double {@code c_double}, a record a nested {@code Structure}. The data starts {@value #DATA_OFFSET} bytes
 * into the segment {@link #name()} (after the lock word), so a CPython process can map it with
 * {@code shared_memory.SharedMemory(name)} and read it with {@code Point.from_buffer(shm.buf, 16)}.
 *
 * <p>Each component is read and written atomically and in order, but a whole structure is not: as in
 * Python, hold {@link #getLock()} around {@link #get()} and {@link #set(Record)} when other processes
 * write it concurrently.
 *
 * @param <R> the record type
 */
public final class SharedStruct<R extends Record> extends SharedData implements Serializable {

    /** Where the structure starts in its segment, after room for the lock word. */
    public static final int DATA_OFFSET = SharedValue.DATA;

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient StructLayout<R> layout;

    SharedStruct(SharedBlock block, StructLayout<R> layout, @Nullable AbstractProcessLock lock, boolean ownLock) {
        super(block, lock, ownLock);
        this.layout = layout;
    }

    static <R extends Record> SharedStruct<R> create(Class<R> type, @Nullable R initial, Object lock) {
        StructLayout<R> layout = StructLayout.of(type);
        SharedBlock block = SharedBlock.create(
                "value", Math.max(DATA_OFFSET + (long) layout.size(), DATA_OFFSET + 8), ResourceTracker.segments());
        SharedStruct<R> value =
                new SharedStruct<>(block, layout, SharedValue.lockFor(block, lock), Boolean.TRUE.equals(lock));
        if (initial != null) {
            value.set(initial);
        }
        return value;
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
     * The structure's size in memory, C's {@code sizeof}, padding included.
     *
     * @return bytes
     */
    public int size() {
        return layout.size();
    }

    /**
     * The structure, read field by field into a new record. Python's {@code p.x, p.y}.
     *
     * @return the record
     */
    public R get() {
        return layout.read(buffer, DATA_OFFSET);
    }

    /**
     * Writes every field of a record.
     *
     * @param value the record (of exactly {@link #type()})
     * @throws IllegalArgumentException for a record of another class
     */
    public void set(R value) {
        layout.write(buffer, DATA_OFFSET, Objects.requireNonNull(value, "value"));
    }

    /**
     * The structure without its lock: the same memory, raw. Python's {@code get_obj()}.
     *
     * @return a raw view, or this if it is raw
     */
    public SharedStruct<R> getObj() {
        return lock == null ? this : new SharedStruct<>(block, layout, null, false);
    }

    @Override
    String kind() {
        return "structure";
    }

    @Override
    String howToLock() {
        return "create it with ctx.value(type, initial) to have one";
    }

    @Override
    public String toString() {
        return (lock == null ? "RawValue(" : "Value(") + type().getSimpleName() + ", " + get() + ")";
    }

    @Serial
    private Object writeReplace() {
        return new Ticket(block.name(), type(), ownLock, ownLock ? null : lock);
    }

    /** How a structure travels: its block, record type and lock. */
    private record Ticket(
            String block,
            Class<? extends Record> type,
            boolean ownLock,
            @Nullable AbstractProcessLock lock) implements Serializable {
        @Serial
        private Object readResolve() {
            SharedBlock shared = SharedBlock.attach(block, "value");
            return new SharedStruct<>(
                    shared, StructLayout.of(type), ownLock ? ReentrantProcessLock.at(shared, 0) : lock, ownLock);
        }
    }
}
