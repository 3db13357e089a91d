package io.multiprocess.internal.shm;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.multiprocess.MultiprocessException;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A named POSIX shared-memory object ({@code /dev/shm/<name>}, the file behind {@code shm_open("/name")})
 * mapped into this process.
 *
 * <p>The creator makes it with permissions 0600 and chooses its size; other processes attach by name.
 * {@link #close()} unmaps this process's view; {@link #unlink()} removes the name, after which the
 * memory lives on until every process has unmapped it. Segments of up to 2 GiB - 1 are mapped in one
 * piece, as a {@link MappedByteBuffer}.
 *
 * <p>Words inside the segment are accessed with the {@link #INT} and {@link #LONG} view handles
 * (native byte order, naturally aligned offsets), which give atomic and ordered access across
 * processes; {@link #address(long)} gives a word's native address for futex calls.
 *
 * <p>Internal API.
 */
public final class SharedSegment implements AutoCloseable {

    /** Atomic access to a 4-byte-aligned int of a segment's buffer, by byte offset. */
    public static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    /** Atomic access to an 8-byte-aligned long of a segment's buffer, by byte offset. */
    public static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    /** Where POSIX shared-memory objects live on Linux. */
    public static final Path SHM_DIR = Path.of("/dev/shm");

    private static final Pattern VALID_NAME = Pattern.compile("[^/\\x00]{1,250}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final long size;
    private final boolean owner;
    private volatile @Nullable MappedByteBuffer buffer;
    private volatile long baseAddress;

    private SharedSegment(String name, long size, boolean owner, MappedByteBuffer buffer) {
        this.name = name;
        this.size = size;
        this.owner = owner;
        this.buffer = buffer;
    }

    /**
     * A fresh name for a library segment: a prefix, this process's pid (so leaks can be traced to their
     * creator) and 64 random bits.
     *
     * @param prefix e.g. {@code "mp-queue"}
     * @return the name, without a leading slash
     */
    public static String uniqueName(String prefix) {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return prefix + "-" + ProcessHandle.current().pid() + "-"
                + HexFormat.of().formatHex(random);
    }

    /**
     * Creates a segment, zero-filled, and maps it.
     *
     * @param name the name, without a leading slash: letters, digits, '_', '.', '-'
     * @param size its size in bytes, 1 to {@link Integer#MAX_VALUE}
     * @return the mapped segment, owned by the caller (who should {@link #unlink()} it)
     * @throws IllegalArgumentException for a bad name or size
     * @throws MultiprocessException if a segment of that name exists or the system refuses
     */
    public static SharedSegment create(String name, long size) {
        checkName(name);
        if (size <= 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "A shared-memory segment needs 1 to " + Integer.MAX_VALUE + " bytes, not " + size);
        }
        Path file = SHM_DIR.resolve(name);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new MultiprocessException(
                    "A shared-memory segment named '" + name + "' already exists; choose another "
                            + "name, or attach to it instead of creating it",
                    e);
        } catch (IOException e) {
            throw new MultiprocessException(
                    "Cannot create shared-memory segment '" + name + "' in " + SHM_DIR + ": " + e, e);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            channel.truncate(size);
            // Extending a file zero-fills it; truncate() never grows, so write the last byte.
            channel.write(ByteBuffer.wrap(new byte[1]), size - 1);
            return new SharedSegment(name, size, true, map(channel, size));
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // Nothing more to clean.
            }
            throw new MultiprocessException(
                    "Cannot size or map shared-memory segment '" + name + "' (" + size + " bytes): " + e
                            + (e.getMessage() != null && e.getMessage().contains("space") ? "; /dev/shm is full" : ""),
                    e);
        }
    }

    /**
     * Maps an existing segment.
     *
     * @param name the segment's name, without a leading slash
     * @return the mapped segment, not owned by the caller
     * @throws MultiprocessException if no segment of that name exists
     */
    public static SharedSegment attach(String name) {
        checkName(name);
        Path file = SHM_DIR.resolve(name);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size <= 0 || size > Integer.MAX_VALUE) {
                throw new MultiprocessException("Shared-memory segment '" + name + "' has size " + size
                        + ", which cannot be mapped in one piece");
            }
            return new SharedSegment(name, size, false, map(channel, size));
        } catch (NoSuchFileException e) {
            throw new MultiprocessException(
                    "No shared-memory segment named '" + name + "' exists (was it unlinked, or its "
                            + "creator's process tree ended?)",
                    e);
        } catch (IOException e) {
            throw new MultiprocessException("Cannot attach shared-memory segment '" + name + "': " + e, e);
        }
    }

    /**
     * Wraps memory mapped elsewhere, e.g. from an anonymous memory file passed between processes as a
     * descriptor, so that the primitives of this package can work on it. Such a segment has no name in
     * {@code /dev/shm}: do not {@link #unlink()} it (the label names no file).
     *
     * @param label  a name for messages (same rules as segment names)
     * @param buffer the mapping
     * @param owner  whether this process created the memory
     * @return the segment
     */
    public static SharedSegment wrap(String label, MappedByteBuffer buffer, boolean owner) {
        checkName(label);
        buffer.order(ByteOrder.nativeOrder());
        return new SharedSegment(label, buffer.capacity(), owner, buffer);
    }

    private static MappedByteBuffer map(FileChannel channel, long size) throws IOException {
        MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
        mapped.order(ByteOrder.nativeOrder());
        return mapped;
    }

    private static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (!VALID_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("Invalid shared-memory name '" + name
                    + "': use 1 to 250 characters other than '/' and NUL (as shm_open and CPython accept), "
                    + "not '.' or '..'");
        }
    }

    /**
     * The segment's name.
     *
     * @return the name, without a leading slash
     */
    public String name() {
        return name;
    }

    /**
     * The segment's size.
     *
     * @return the size in bytes
     */
    public long size() {
        return size;
    }

    /**
     * Whether this process created the segment.
     *
     * @return true for the creator
     */
    public boolean isOwner() {
        return owner;
    }

    /**
     * The mapped memory. Its position and limit belong to the caller; use {@link ByteBuffer#duplicate()}
     * for a private cursor. Access after {@link #close()} fails.
     *
     * @return the buffer, native byte order
     * @throws IllegalStateException if closed
     */
    public MappedByteBuffer buffer() {
        MappedByteBuffer mapped = buffer;
        if (mapped == null) {
            throw new IllegalStateException("Shared-memory segment '" + name + "' is closed");
        }
        return mapped;
    }

    /**
     * The native address of a byte of the segment, for system calls such as futex.
     *
     * @param offset the byte offset
     * @return the address
     */
    public long address(long offset) {
        long base = baseAddress;
        if (base == 0) {
            Pointer pointer = Native.getDirectBufferPointer(buffer());
            base = Pointer.nativeValue(pointer);
            baseAddress = base;
        }
        return base + offset;
    }

    /**
     * Removes the segment's name; processes that mapped it keep their mapping. Removing a name that is
     * already gone does nothing.
     *
     * @return true if this call removed it
     */
    public boolean unlink() {
        return unlink(name);
    }

    /**
     * Removes a segment's name.
     *
     * @param name the segment's name
     * @return true if it existed
     */
    public static boolean unlink(String name) {
        checkName(name);
        try {
            return Files.deleteIfExists(SHM_DIR.resolve(name));
        } catch (IOException e) {
            throw new MultiprocessException("Cannot unlink shared-memory segment '" + name + "': " + e, e);
        }
    }

    /**
     * Unmaps this process's view at once (rather than when the garbage collector gets to it). Any
     * further access through buffers obtained earlier would crash the JVM, so call it only when no
     * thread can still use them; the library's own types guarantee that before calling it.
     */
    @Override
    public void close() {
        MappedByteBuffer mapped = buffer;
        if (mapped == null) {
            return;
        }
        buffer = null;
        baseAddress = 0;
        Unmapper.unmap(mapped);
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return buffer == null;
    }

    @Override
    public String toString() {
        return "SharedSegment[" + name + ", " + size + " bytes" + (owner ? ", owner" : "")
                + (isClosed() ? ", closed" : "") + "]";
    }

    /**
     * Unmaps a mapped buffer through {@code sun.misc.Unsafe.invokeCleaner} (module jdk.unsupported, open
     * to everyone, so no --add-opens is needed), looked up reflectively.
     */
    private static final class Unmapper {

        private static final @Nullable MethodHandle INVOKE_CLEANER = find();

        private static @Nullable MethodHandle find() {
            try {
                Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
                Field field = unsafeClass.getDeclaredField("theUnsafe");
                field.setAccessible(true);
                Object unsafe = field.get(null);
                return MethodHandles.lookup()
                        .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                        .bindTo(unsafe);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        static void unmap(MappedByteBuffer buffer) {
            if (INVOKE_CLEANER == null) {
                return;
            }
            try {
                INVOKE_CLEANER.invokeExact((ByteBuffer) buffer);
            } catch (Throwable e) {
                // Left to the garbage collector.
            }
        }
    }
}
