package io.multiprocess.sharedmemory;

import java.io.Serial;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/**
 * A fixed-length list of simple values in one {@link SharedMemory} block, in the layout of CPython's
 * {@code multiprocessing.shared_memory.ShareableList}, so that Python and Java open each other's lists.
 * Elements are {@link Long} (Python int; Integer, Short and Byte are stored as Long), {@link Double}
 * (float; Float stored as Double), {@link Boolean}, {@link String} (str, UTF-8), {@code byte[]} (bytes)
 * or null (None).
 *
 * <pre>
 * layout (native byte order, as Python's struct '@'), n elements:
 *   0                 int64   n
 *   8                 int64 x (n+1)   offsets of the element slots in the data area; first 0, last its size
 *   8(n+2)            data area: int64 ('q'), double ('d'), 7 pad bytes + bool ('xxxxxxx?'),
 *                     6 pad + bool + 1 pad for None ('xxxxxx?x'), or k bytes ('ks') for str/bytes,
 *                     each slot a multiple of 8 bytes
 *   data + offsets[n] n x 8 bytes: each element's struct format, NUL-padded ASCII
 *   ... + 8n          n x int8: how to read the element back: 0 as is, 1 str, 2 bytes, 3 None
 * </pre>
 *
 * <p>As in Python, the length is fixed and an element may be replaced by a value of any supported
 * type, as long as a str or bytes value fits the slot allocated at creation
 * ({@link IllegalArgumentException} otherwise; Python's {@code ValueError}).
 *
 * <p><b>Two CPython bugs fixed on the Java side.</b> Python sizes a str slot by its number of
 * characters, so non-ASCII strings may be cut (gh-106939): Java sizes slots by UTF-8 bytes. Python strips
 * trailing NUL bytes from every str and bytes value it reads: Java writes a value that ends with NUL
 * with its exact length as its format ({@code "3s"} in an 8-byte slot), and reads such slots exactly;
 * Python still strips those NULs when it reads them, and a Python assignment to such a slot keeps the
 * shorter format. Values written by Python read back in Java as Python reads them.
 *
 * <p>Access is not synchronized, as in Python: guard concurrent updates of one element with a lock.
 * The list travels to other processes as its block's name. {@link #close()} closes the block in this
 * process; the creator calls {@code shm().unlink()} when done, as in Python.
 */
public final class ShareableList extends AbstractList<@Nullable Object>
        implements RandomAccess, AutoCloseable, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final int ALIGNMENT = 8;
    private static final int FROM_VALUE = 0;
    private static final int FROM_STR = 1;
    private static final int FROM_BYTES = 2;
    private static final int FROM_NONE = 3;
    private static final String INT_FORMAT = "q";
    private static final String FLOAT_FORMAT = "d";
    private static final String BOOL_FORMAT = "xxxxxxx?";
    private static final String NONE_FORMAT = "xxxxxx?x";

    private final transient SharedMemory shm;
    private final transient int length;
    private final transient long[] offsets;

    /**
     * Creates a list in a new shared-memory block with a generated name. Python's
     * {@code ShareableList(sequence)}.
     *
     * @param sequence the elements
     * @throws IllegalArgumentException for an element of an unsupported type
     * @throws io.multiprocess.MultiprocessException if the block cannot be created
     */
    public ShareableList(List<?> sequence) {
        this(sequence, null);
    }

    /**
     * Creates a list in a new shared-memory block. Python's {@code ShareableList(sequence, name=name)}.
     *
     * @param sequence the elements
     * @param name     the block's name; null to generate one
     * @throws IllegalArgumentException for an element of an unsupported type
     * @throws io.multiprocess.MultiprocessException if the block cannot be created (the name exists, say)
     */
    public ShareableList(List<?> sequence, @Nullable String name) {
        Objects.requireNonNull(sequence, "sequence");
        int n = sequence.size();
        List<Object> values = new ArrayList<>(n);
        String[] formats = new String[n];
        long[] slotOffsets = new long[n + 1];
        for (int i = 0; i < n; i++) {
            Object value = normalized(sequence.get(i));
            values.add(value);
            long slot;
            if (value instanceof String || value instanceof byte[]) {
                int bytes = encoded(value).length;
                slot = (long) ALIGNMENT * (bytes / ALIGNMENT + 1);
                formats[i] = formatFor(value, slot);
            } else {
                slot = ALIGNMENT;
                formats[i] = fixedFormat(value);
            }
            slotOffsets[i + 1] = slotOffsets[i] + slot;
        }
        long size = 8L * (n + 2) + slotOffsets[n] + 8L * n + n;
        this.shm = new SharedMemory(name, true, size);
        this.length = n;
        this.offsets = slotOffsets;
        try {
            ByteBuffer buf = shm.buf();
            buf.putLong(0, n);
            for (int i = 0; i <= n; i++) {
                buf.putLong(8 + 8 * i, slotOffsets[i]);
            }
            for (int i = 0; i < n; i++) {
                write(buf, i, values.get(i), formats[i]);
            }
        } catch (RuntimeException e) {
            shm.close();
            shm.unlink();
            throw e;
        }
    }

    private ShareableList(SharedMemory shm) {
        this.shm = shm;
        ByteBuffer buf = shm.buf();
        if (shm.size() < 16) {
            throw new IllegalArgumentException("Shared-memory block " + shm.name() + " (" + shm.size()
                    + " bytes) is too small to be a ShareableList");
        }
        long n = buf.getLong(0);
        if (n < 0 || 8 * (n + 2) > shm.size()) {
            throw new IllegalArgumentException("Shared-memory block " + shm.name() + " does not hold a ShareableList "
                    + "(length field " + n + ")");
        }
        this.length = (int) n;
        this.offsets = new long[length + 1];
        for (int i = 0; i <= length; i++) {
            offsets[i] = buf.getLong(8 + 8 * i);
        }
    }

    /**
     * Opens a list that another process (Java or Python) created. Python's {@code ShareableList(name=name)}.
     *
     * @param name the block's name
     * @return the list, attached
     * @throws io.multiprocess.MultiprocessException if no block of that name exists
     * @throws IllegalArgumentException if the block does not hold a ShareableList
     */
    public static ShareableList attach(String name) {
        SharedMemory shm = SharedMemory.attach(name);
        try {
            return new ShareableList(shm);
        } catch (RuntimeException e) {
            shm.close();
            throw e;
        }
    }

    /**
     * The block holding the list. Python's {@code shm}.
     *
     * @return the shared memory
     */
    public SharedMemory shm() {
        return shm;
    }

    /**
     * The struct formats of all elements, concatenated. Python's {@code format}.
     *
     * @return e.g. {@code "qd8sxxxxxxx?"}
     */
    public String format() {
        StringBuilder all = new StringBuilder();
        ByteBuffer buf = shm.buf();
        for (int i = 0; i < length; i++) {
            all.append(formatAt(buf, i));
        }
        return all.toString();
    }

    @Override
    public int size() {
        return length;
    }

    /**
     * The element at {@code index}; negative indexes count from the end, as in Python.
     *
     * @param index the position
     * @return a Long, Double, Boolean, String, byte[] or null
     * @throws IndexOutOfBoundsException for a bad index
     */
    @Override
    public @Nullable Object get(int index) {
        int i = position(index);
        ByteBuffer buf = shm.buf();
        String format = formatAt(buf, i);
        int code = buf.get(transformsStart() + i);
        int at = Math.toIntExact(dataStart() + offsets[i]);
        switch (format) {
            case INT_FORMAT:
                return buf.getLong(at);
            case FLOAT_FORMAT:
                return buf.getDouble(at);
            case BOOL_FORMAT:
                return buf.get(at + 7) != 0;
            case NONE_FORMAT:
                return null;
            default:
                break;
        }
        if (!format.endsWith("s")) {
            throw new IllegalStateException(
                    "Unknown struct format '" + format + "' at position " + i + " of " + shm.name());
        }
        int declared = Integer.parseInt(format.substring(0, format.length() - 1));
        long allocated = offsets[i + 1] - offsets[i];
        byte[] bytes = new byte[declared];
        buf.get(at, bytes);
        if (declared >= allocated) {
            bytes = stripTrailingNuls(bytes);
        }
        return switch (code) {
            case FROM_STR -> new String(bytes, StandardCharsets.UTF_8);
            case FROM_NONE -> null;
            default -> bytes;
        };
    }

    /**
     * Replaces the element at {@code index}. Python's {@code sl[index] = value}.
     *
     * @param index the position; negative counts from the end
     * @param value a Long/Integer/Short/Byte, Double/Float, Boolean, String, byte[] or null
     * @return the previous element
     * @throws IndexOutOfBoundsException for a bad index
     * @throws IllegalArgumentException for an unsupported type, or a str/bytes value longer than its slot
     */
    @Override
    public @Nullable Object set(int index, @Nullable Object value) {
        int i = position(index);
        Object previous = get(i);
        Object normalized = normalized(value);
        String format;
        if (normalized instanceof String || normalized instanceof byte[]) {
            long allocated = offsets[i + 1] - offsets[i];
            int bytes = encoded(normalized).length;
            if (bytes > allocated) {
                throw new IllegalArgumentException(
                        "A " + (normalized instanceof String ? "str" : "bytes") + " of " + bytes
                                + " bytes (UTF-8) exceeds the " + allocated + " bytes allocated at position " + i
                                + " of ShareableList "
                                + shm.name() + " (Python: \"bytes/str item exceeds available storage\")");
            }
            format = formatFor(normalized, allocated);
        } else {
            format = fixedFormat(normalized);
        }
        write(shm.buf(), i, normalized, format);
        return previous;
    }

    /**
     * How many elements equal {@code value} (byte arrays compared by content). Python's {@code count}.
     *
     * @param value the value to count
     * @return the count
     */
    public int count(@Nullable Object value) {
        Object target = normalized(value);
        int count = 0;
        for (int i = 0; i < length; i++) {
            if (same(get(i), target)) {
                count++;
            }
        }
        return count;
    }

    /**
     * The first position of {@code value} (byte arrays compared by content). Python's {@code index}
     * raises ValueError where this returns -1.
     *
     * @param value the value to find
     * @return its first position, or -1
     */
    @Override
    public int indexOf(@Nullable Object value) {
        Object target = normalized(value);
        for (int i = 0; i < length; i++) {
            if (same(get(i), target)) {
                return i;
            }
        }
        return -1;
    }

    /** Closes the block in this process (see {@link SharedMemory#close()}); the creator also unlinks it. */
    @Override
    public void close() {
        shm.close();
    }

    @Override
    public String toString() {
        List<String> shown = new ArrayList<>(length);
        for (Object element : this) {
            shown.add(element instanceof byte[] bytes ? Arrays.toString(bytes) : String.valueOf(element));
        }
        return "ShareableList(" + shown + ", name='" + shm.name() + "')";
    }

    // ---- layout

    private long dataStart() {
        return 8L * (length + 2);
    }

    private int formatsStart() {
        return Math.toIntExact(dataStart() + offsets[length]);
    }

    private int transformsStart() {
        return formatsStart() + 8 * length;
    }

    private String formatAt(ByteBuffer buf, int i) {
        byte[] raw = new byte[8];
        buf.get(formatsStart() + 8 * i, raw);
        return new String(stripTrailingNuls(raw), StandardCharsets.US_ASCII);
    }

    private void write(ByteBuffer buf, int i, Object value, String format) {
        int at = Math.toIntExact(dataStart() + offsets[i]);
        long allocated = offsets[i + 1] - offsets[i];
        if (value instanceof Long l) {
            buf.putLong(at, l);
        } else if (value instanceof Double d) {
            buf.putDouble(at, d);
        } else if (value instanceof Boolean b) {
            buf.putLong(at, 0);
            buf.put(at + 7, (byte) (b ? 1 : 0));
        } else if (value == null) {
            buf.putLong(at, 0);
        } else {
            byte[] bytes = encoded(value);
            buf.put(at, bytes);
            for (long k = bytes.length; k < allocated; k++) {
                buf.put(at + (int) k, (byte) 0);
            }
        }
        byte[] formatBytes = Arrays.copyOf(format.getBytes(StandardCharsets.US_ASCII), 8);
        buf.put(formatsStart() + 8 * i, formatBytes);
        buf.put(transformsStart() + i, (byte) transformCode(value));
    }

    /**
     * The format of a str/bytes value in a slot: the slot's size, as Python writes it, unless the value
     * ends with a NUL byte, which Python's format would lose: then the exact length.
     */
    private static String formatFor(Object value, long allocated) {
        byte[] bytes = encoded(value);
        if (bytes.length > 0 && bytes[bytes.length - 1] == 0) {
            if (bytes.length >= allocated) {
                throw new IllegalArgumentException(
                        "A value of " + bytes.length + " bytes that ends with a NUL byte cannot be "
                                + "stored exactly in a slot of " + allocated + " bytes (readers would strip the NUL)");
            }
            return bytes.length + "s";
        }
        return allocated + "s";
    }

    private static String fixedFormat(Object value) {
        if (value instanceof Long) {
            return INT_FORMAT;
        }
        if (value instanceof Double) {
            return FLOAT_FORMAT;
        }
        if (value instanceof Boolean) {
            return BOOL_FORMAT;
        }
        return NONE_FORMAT;
    }

    private static int transformCode(Object value) {
        if (value instanceof String) {
            return FROM_STR;
        }
        if (value instanceof byte[]) {
            return FROM_BYTES;
        }
        return value == null ? FROM_NONE : FROM_VALUE;
    }

    private static Object normalized(Object value) {
        if (value == null
                || value instanceof Long
                || value instanceof Double
                || value instanceof Boolean
                || value instanceof String
                || value instanceof byte[]) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        throw new IllegalArgumentException(
                "A ShareableList holds Long, Double, Boolean, String, byte[] or null (Python's "
                        + "int, float, bool, str, bytes, None), not "
                        + value.getClass().getName());
    }

    private static byte[] encoded(Object value) {
        return value instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) value;
    }

    private static byte[] stripTrailingNuls(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return end == bytes.length ? bytes : Arrays.copyOf(bytes, end);
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        return Objects.equals(a, b);
    }

    private int position(int index) {
        int i = index < 0 ? index + length : index;
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException(
                    "Index " + index + " out of range for a ShareableList of " + length + " elements");
        }
        return i;
    }

    @Serial
    private Object writeReplace() {
        return new Ticket(shm.name());
    }

    /** How a list travels: its block's name. */
    private record Ticket(String name) implements Serializable {
        @Serial
        private Object readResolve() {
            return ShareableList.attach(name);
        }
    }
}
