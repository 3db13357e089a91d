package io.multiprocess.internal.shm;

import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Copies between byte arrays and mapped memory at the C library's {@code memmove} speed.
 *
 * <p>A {@link ByteBuffer} bulk copy of a byte array into a mapped buffer goes through
 * {@code Unsafe.copyMemory}, which on JDK 17 copies eight bytes at a time with ordinary stores. That is
 * {@code memmove}'s speed up to glibc's non-temporal threshold (on the 2-core CI machine 190 MiB, three
 * quarters of the shared cache it reports), but above it {@code memmove} switches to stores that bypass
 * the cache and runs ~1.6x faster, and so does CPython's slice assignment. Copies of {@link #THRESHOLD}
 * bytes or more are therefore handed to {@code memmove} whole, through JNA's array-region copy (one JNI
 * call, no pinning and no intermediate buffer); cutting them into chunks would keep every chunk under
 * the threshold and lose the faster stores. Shorter copies stay with the buffer, which has no call
 * overhead. A whole copy delays this thread's safepoint for its duration (~25 ms for 256 MiB).
 *
 * <p>The caller passes the buffer and the native address of its first byte; indexes are checked here
 * against the buffer's capacity, so a bad index throws instead of writing outside the mapping. A
 * {@code memmove} copies bytes, so only byte data may go this way where elements must stay whole for
 * concurrent readers.
 */
public final class NativeCopy {

    /** The shortest copy handed to {@code memmove}; shorter ones use the buffer's bulk copy. */
    public static final int THRESHOLD = 64 << 10;

    private NativeCopy() {}

    /**
     * Copies bytes of an array into a mapped buffer.
     *
     * @param target      the buffer (its position and limit are ignored and unchanged)
     * @param address     the native address of the buffer's first byte
     * @param index       where in the buffer the copy starts
     * @param source      the array
     * @param offset      the first byte of the array to copy
     * @param length      how many bytes
     * @throws IndexOutOfBoundsException if either range is out of bounds
     */
    public static void put(ByteBuffer target, long address, int index, byte[] source, int offset, int length) {
        Objects.checkFromIndexSize(index, length, target.capacity());
        Objects.checkFromIndexSize(offset, length, source.length);
        if (length < THRESHOLD) {
            target.put(index, source, offset, length);
        } else {
            new Pointer(address).write(index, source, offset, length);
        }
    }

    /**
     * Copies bytes of a mapped buffer into an array.
     *
     * @param source      the buffer (its position and limit are ignored and unchanged)
     * @param address     the native address of the buffer's first byte
     * @param index       where in the buffer the copy starts
     * @param target      the array
     * @param offset      where in the array the bytes go
     * @param length      how many bytes
     * @throws IndexOutOfBoundsException if either range is out of bounds
     */
    public static void get(ByteBuffer source, long address, int index, byte[] target, int offset, int length) {
        Objects.checkFromIndexSize(index, length, source.capacity());
        Objects.checkFromIndexSize(offset, length, target.length);
        if (length < THRESHOLD) {
            source.get(index, target, offset, length);
        } else {
            new Pointer(address).read(index, target, offset, length);
        }
    }
}
