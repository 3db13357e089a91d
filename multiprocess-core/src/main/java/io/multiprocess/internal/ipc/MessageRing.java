package io.multiprocess.internal.ipc;

import io.multiprocess.internal.shm.Futex;
import io.multiprocess.internal.shm.NativeCopy;
import io.multiprocess.internal.shm.ProcessLiveness;
import io.multiprocess.internal.shm.SharedMutex;
import io.multiprocess.internal.shm.SharedSegment;
import java.nio.MappedByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A many-to-many ring of whole messages (byte arrays) in shared memory, for processes that all map
 * the same segment. Writers serialize on one shared mutex, readers on another; the kernel is entered
 * only to sleep when the ring is empty (readers) or full (writers), after a short spin.
 *
 * <pre>
 * offset size  field            who writes it, ordering
 *   0     4    writers lock     {@link SharedMutex}
 *   4     4    readers lock     {@link SharedMutex}
 *   8     4    data sequence    futex word: bumped (volatile add) by a writer after publishing, if readers sleep
 *  12     4    space sequence   futex word: bumped by a reader after consuming, if writers sleep
 *  16     4    reader sleepers  volatile add around each futex sleep of a reader
 *  20     4    writer sleepers  volatile add around each futex sleep of a writer
 *  24     4    unfinished       joinable queues: volatile add (+1 by the writer before publishing, -1 by taskDone)
 *  28     4    join sequence    futex word: bumped when unfinished reaches 0, if joiners sleep
 *  32     4    join sleepers    volatile add
 *  36     4    capacity         plain, written once by the creator before the segment is shared
 *  40     4    maxsize          plain, likewise (0: unbounded)
 *  44     4    magic            plain, likewise
 *  48     4    flags            plain, likewise (1: joinable, count unfinished messages)
 *  64     8    tail             (published messages mod 2^24) &lt;&lt; 40 | (write position mod 2^40);
 *                               volatile store by the writer holding the writers lock: publishes the records
 *                               before it (release), read volatile by readers (acquire)
 * 128     8    head             (consumed messages mod 2^24) &lt;&lt; 40 | (read position mod 2^40);
 *                               volatile store by the reader holding the readers lock, read volatile by writers
 * 192          data             capacity bytes (a power of two), records 8-byte aligned:
 *                               int length, int kind, then length bytes (which may wrap around)
 * </pre>
 *
 * <p>The kind word's low byte is the kind; the next byte is the writer's tag (WHOLE and FIRST only).
 * Kinds: WHOLE (a message), FIRST/MORE/LAST (a message larger than half the ring, streamed
 * in chunks under the writers lock; FIRST starts with the int total length), ABORT (the writer gave
 * up on a streamed message: readers drop what they gathered). Counting messages inside the same word
 * as the position makes publication and counting one atomic store, so a process killed at any point
 * cannot make the count disagree with the records.
 *
 * <p>Crashes: a writer killed before its tail store leaves no visible record; the next writer takes
 * over the dead owner's lock and writes from the published tail. A writer killed while streaming leaves
 * FIRST/MORE chunks without LAST: readers drop them when the next FIRST, WHOLE or ABORT arrives, or when
 * they find the ring empty and the writers lock held by a dead process. A reader killed before its
 * head store leaves the record for the next reader; one killed in the middle of a streamed message
 * loses that message (the next reader skips its remaining chunks).
 *
 * <p>A reader that times out (or is interrupted) in the middle of a streamed message keeps the readers
 * lock and what it gathered, and continues on its next read, so no message is lost or split.
 *
 * <p>Internal API.
 */
public final class MessageRing {

    /** Bytes before the data area. */
    public static final int HEADER = 192;

    private static final int WRITERS = 0;
    private static final int READERS = 4;
    private static final int DATA_SEQ = 8;
    private static final int SPACE_SEQ = 12;
    private static final int READER_SLEEPERS = 16;
    private static final int WRITER_SLEEPERS = 20;
    private static final int UNFINISHED = 24;
    private static final int JOIN_SEQ = 28;
    private static final int JOIN_SLEEPERS = 32;
    private static final int CAPACITY = 36;
    private static final int MAXSIZE = 40;
    private static final int MAGIC = 44;
    private static final int FLAGS = 48;
    private static final int TAIL = 64;
    private static final int HEAD = 128;
    private static final int MAGIC_VALUE = 0x4D505152;

    private static final int WHOLE = 1;
    private static final int FIRST = 2;
    private static final int MORE = 3;
    private static final int LAST = 4;
    private static final int ABORT = 5;

    private static final long POS_MASK = (1L << 40) - 1;
    private static final long COUNT_MASK = (1L << 24) - 1;
    private static final long SPIN_NANOS = 20_000;

    private final SharedSegment segment;
    private final MappedByteBuffer buffer;
    private final long base;
    private final int capacity;
    private final int mask;
    private final int chunkLimit;
    private final int maxsize;
    private final SharedMutex writers;
    private final SharedMutex readers;
    private final ReentrantLock localWriters = new ReentrantLock();
    private final ReentrantLock localReaders = new ReentrantLock();
    private final byte[] empty = new byte[0];
    private final boolean joinable;
    private volatile boolean closed;

    // Guarded by localReaders.
    private boolean readersHeld;
    private byte @Nullable [] partial;
    private int partialFilled;
    private int partialTag;

    /**
     * The segment size for a ring of {@code capacity} bytes.
     *
     * @param capacity a power of two, at least 4096
     * @return bytes
     */
    public static int segmentSize(int capacity) {
        if (capacity < 4096 || Integer.bitCount(capacity) != 1 || capacity > (1 << 28)) {
            throw new IllegalArgumentException(
                    "A ring's capacity must be a power of two from 4096 to 2^28, not " + capacity);
        }
        return HEADER + capacity;
    }

    /**
     * Lays out a new ring in a zero-filled segment.
     *
     * @param segment  the segment, of {@link #segmentSize(int)} bytes
     * @param capacity the data capacity
     * @param maxsize  the most messages the ring holds; 0 for no limit but its bytes
     * @param joinable whether to count unfinished messages ({@link #taskDone()})
     * @return the ring
     */
    public static MessageRing create(SharedSegment segment, int capacity, int maxsize, boolean joinable) {
        MappedByteBuffer buffer = segment.buffer();
        segmentSize(capacity);
        buffer.putInt(CAPACITY, capacity);
        buffer.putInt(MAXSIZE, Math.max(0, maxsize));
        buffer.putInt(FLAGS, joinable ? 1 : 0);
        SharedSegment.INT.setVolatile(buffer, MAGIC, MAGIC_VALUE);
        return new MessageRing(segment);
    }

    /**
     * A view of a ring laid out by {@link #create}, in this or another process.
     *
     * @param segment the mapped segment
     * @throws IllegalArgumentException if the segment holds no ring
     */
    public MessageRing(SharedSegment segment) {
        this.segment = segment;
        this.buffer = segment.buffer();
        this.base = segment.address(0);
        if ((int) SharedSegment.INT.getVolatile(buffer, MAGIC) != MAGIC_VALUE) {
            throw new IllegalArgumentException("Segment " + segment + " holds no message ring");
        }
        this.capacity = buffer.getInt(CAPACITY);
        this.maxsize = buffer.getInt(MAXSIZE);
        this.mask = capacity - 1;
        this.chunkLimit = capacity / 2;
        this.writers = new SharedMutex(segment, WRITERS);
        this.readers = new SharedMutex(segment, READERS);
        this.joinable = (buffer.getInt(FLAGS) & 1) != 0;
    }

    /**
     * The largest message written as one record; larger ones are streamed in chunks.
     *
     * @return bytes
     */
    public int wholeLimit() {
        return chunkLimit - 8;
    }

    /**
     * The message bound.
     *
     * @return maxsize, 0 for none
     */
    public int maxsize() {
        return maxsize;
    }

    /**
     * Complete messages in the ring now (a snapshot).
     *
     * @return the count
     */
    public int count() {
        long tail = (long) SharedSegment.LONG.getVolatile(buffer, TAIL);
        long head = (long) SharedSegment.LONG.getVolatile(buffer, HEAD);
        return (int) (((tail >>> 40) - (head >>> 40)) & COUNT_MASK);
    }

    // ------------------------------------------------------------------ writing

    /**
     * Writes one message, waiting until {@code deadlineNanos} for the locks, for room, and (bounded
     * rings) for the count to fall below maxsize. A deadline in the past tries without sleeping.
     *
     * @param message       the bytes
     * @param deadlineNanos a {@link System#nanoTime()} deadline, {@link Long#MAX_VALUE} for ever
     * @return true if written, false on timeout (then nothing of it is visible to readers)
     * @throws InterruptedException if interrupted (then nothing of it is delivered)
     */
    public boolean write(byte[] message, long deadlineNanos) throws InterruptedException {
        return write(message, 0, deadlineNanos);
    }

    /**
     * {@link #write(byte[], long)} with a tag (0 to 255) that {@link #read(long, int[])} returns with the
     * message; the queues use it to tell raw byte arrays from serialized objects.
     *
     * @param message       the bytes
     * @param tag           0 to 255
     * @param deadlineNanos a deadline
     * @return true if written, false on timeout
     * @throws InterruptedException if interrupted (then nothing of it is delivered)
     */
    public boolean write(byte[] message, int tag, long deadlineNanos) throws InterruptedException {
        if (!lockLocal(localWriters, deadlineNanos)) {
            return false;
        }
        try {
            if (writers.lock(left(deadlineNanos), TimeUnit.NANOSECONDS) == SharedMutex.Acquired.TIMED_OUT) {
                return false;
            }
            try {
                return writeLocked(message, tag << 8, deadlineNanos);
            } finally {
                writers.unlock();
            }
        } finally {
            localWriters.unlock();
        }
    }

    private boolean writeLocked(byte[] message, int tag, long deadlineNanos) throws InterruptedException {
        int length = message.length;
        if (length <= wholeLimit()) {
            if (!awaitSpace(8 + align(length), true, deadlineNanos)) {
                return false;
            }
            append(WHOLE | tag, message, 0, length, -1);
            return true;
        }
        if (!awaitSpace(chunkLimit + 8, true, deadlineNanos)) {
            return false;
        }
        int maxChunk = chunkLimit - 8;
        int done = Math.min(length, maxChunk - 4);
        append(FIRST | tag, message, 0, done, length);
        while (done < length) {
            int chunk = Math.min(length - done, maxChunk);
            boolean room;
            try {
                // Keep 8 bytes free after every chunk, so that an ABORT always fits.
                room = awaitSpace(8 + align(chunk) + 8, false, deadlineNanos);
            } catch (InterruptedException e) {
                append(ABORT, empty, 0, 0, -1);
                throw e;
            }
            if (!room) {
                append(ABORT, empty, 0, 0, -1);
                return false;
            }
            append(done + chunk == length ? LAST : MORE, message, done, chunk, -1);
            done += chunk;
        }
        return true;
    }

    /** Writes a record at the tail and publishes it. {@code total} >= 0 only for FIRST. */
    private void append(int taggedKind, byte[] source, int offset, int length, int total) {
        int kind = taggedKind & 0xff;
        long tail = (long) SharedSegment.LONG.getVolatile(buffer, TAIL);
        long position = tail & POS_MASK;
        int index = (int) (position & mask);
        int recordLength = kind == FIRST ? length + 4 : length;
        buffer.putInt(HEADER + index, recordLength);
        buffer.putInt(HEADER + index + 4, taggedKind);
        if (kind == FIRST) {
            buffer.putInt(HEADER + (int) ((position + 8) & mask), total);
            copyIn(position + 12, source, offset, length);
        } else {
            copyIn(position + 8, source, offset, length);
        }
        boolean completes = kind == WHOLE || kind == LAST;
        if (completes && joinable) {
            // Before publishing, so that a fast consumer's taskDone never sees the counter below zero.
            SharedSegment.INT.getAndAdd(buffer, UNFINISHED, 1);
        }
        long count = (tail >>> 40) + (completes ? 1 : 0);
        long next = (position + 8 + align(recordLength)) & POS_MASK;
        // Release: the record's bytes become visible to a reader that reads this tail.
        SharedSegment.LONG.setVolatile(buffer, TAIL, ((count & COUNT_MASK) << 40) | next);
        if ((int) SharedSegment.INT.getVolatile(buffer, READER_SLEEPERS) > 0) {
            SharedSegment.INT.getAndAdd(buffer, DATA_SEQ, 1);
            Futex.wake(segment.address(DATA_SEQ), Integer.MAX_VALUE);
        }
    }

    private boolean hasSpace(int need, boolean checkCount) {
        long tail = (long) SharedSegment.LONG.getVolatile(buffer, TAIL);
        long head = (long) SharedSegment.LONG.getVolatile(buffer, HEAD);
        long used = ((tail & POS_MASK) - (head & POS_MASK)) & POS_MASK;
        if (capacity - used < need) {
            return false;
        }
        return !checkCount || maxsize <= 0 || (((tail >>> 40) - (head >>> 40)) & COUNT_MASK) < maxsize;
    }

    private boolean awaitSpace(int need, boolean checkCount, long deadlineNanos) throws InterruptedException {
        if (hasSpace(need, checkCount)) {
            return true;
        }
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (System.nanoTime() - spinUntil < 0) {
            if (hasSpace(need, checkCount)) {
                return true;
            }
            // Yield rather than burn: on a busy machine the peer may need this very core.
            Thread.yield();
        }
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException("Interrupted while waiting for room in a queue");
            }
            checkOpen();
            long left = left(deadlineNanos);
            if (left <= 0) {
                return hasSpace(need, checkCount);
            }
            SharedSegment.INT.getAndAdd(buffer, WRITER_SLEEPERS, 1);
            try {
                int sequence = (int) SharedSegment.INT.getVolatile(buffer, SPACE_SEQ);
                if (hasSpace(need, checkCount)) {
                    return true;
                }
                Futex.waitSlice(segment.address(SPACE_SEQ), sequence, left);
            } finally {
                SharedSegment.INT.getAndAdd(buffer, WRITER_SLEEPERS, -1);
            }
            if (hasSpace(need, checkCount)) {
                return true;
            }
        }
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads the next message, waiting until {@code deadlineNanos}.
     *
     * @param deadlineNanos a {@link System#nanoTime()} deadline, {@link Long#MAX_VALUE} for ever
     * @return the message, or null on timeout
     * @throws InterruptedException if interrupted (nothing is lost: a half-gathered message is kept)
     */
    public byte @Nullable [] read(long deadlineNanos) throws InterruptedException {
        return read(deadlineNanos, null);
    }

    /**
     * {@link #read(long)}, also giving the message's tag.
     *
     * @param deadlineNanos a deadline
     * @param tag           receives the tag given to {@code write} (may be null)
     * @return the message, or null on timeout
     * @throws InterruptedException if interrupted (nothing is lost)
     */
    public byte @Nullable [] read(long deadlineNanos, int @Nullable [] tag) throws InterruptedException {
        if (!lockLocal(localReaders, deadlineNanos)) {
            return null;
        }
        try {
            if (!readersHeld) {
                if (readers.lock(left(deadlineNanos), TimeUnit.NANOSECONDS) == SharedMutex.Acquired.TIMED_OUT) {
                    return null;
                }
                readersHeld = true;
            }
            try {
                return readLocked(deadlineNanos, tag);
            } finally {
                if (partial != null && isEmpty() && !ProcessLiveness.isAlive(writers.ownerPid())) {
                    // The writer of the streamed message died: it will never be completed.
                    partial = null;
                }
                if (partial == null) {
                    readersHeld = false;
                    readers.unlock();
                }
            }
        } finally {
            localReaders.unlock();
        }
    }

    private boolean isEmpty() {
        long tail = (long) SharedSegment.LONG.getVolatile(buffer, TAIL);
        long head = (long) SharedSegment.LONG.getVolatile(buffer, HEAD);
        return (tail & POS_MASK) == (head & POS_MASK);
    }

    private byte[] readLocked(long deadlineNanos, int[] tag) throws InterruptedException {
        while (true) {
            long head = (long) SharedSegment.LONG.getVolatile(buffer, HEAD);
            long tail = (long) SharedSegment.LONG.getVolatile(buffer, TAIL);
            long position = head & POS_MASK;
            long available = ((tail & POS_MASK) - position) & POS_MASK;
            if (available == 0) {
                if (!awaitData(deadlineNanos)) {
                    return null;
                }
                continue;
            }
            int index = (int) (position & mask);
            int length = buffer.getInt(HEADER + index);
            int taggedKind = buffer.getInt(HEADER + index + 4);
            int kind = taggedKind & 0xff;
            long recordSize = 8 + align(length);
            if (length < 0 || length > chunkLimit || recordSize > available || kind < WHOLE || kind > ABORT) {
                throw new IllegalStateException("Corrupt queue record at position " + position + " (length " + length
                        + ", kind " + kind + ", " + available + " bytes published)");
            }
            long next = (position + recordSize) & POS_MASK;
            long consumed = head >>> 40;
            switch (kind) {
                case WHOLE -> {
                    partial = null;
                    if (tag != null) {
                        tag[0] = taggedKind >>> 8;
                    }
                    byte[] message = new byte[length];
                    copyOut(position + 8, message, 0, length);
                    advance(consumed + 1, next);
                    return message;
                }
                case FIRST -> {
                    int total = buffer.getInt(HEADER + (int) ((position + 8) & mask));
                    partial = new byte[total];
                    partialTag = taggedKind >>> 8;
                    partialFilled = Math.min(total, length - 4);
                    copyOut(position + 12, partial, 0, partialFilled);
                    advance(consumed, next);
                }
                case MORE, LAST -> {
                    byte[] message = null;
                    if (partial != null) {
                        if (partialFilled + length > partial.length) {
                            partial = null;
                        } else {
                            copyOut(position + 8, partial, partialFilled, length);
                            partialFilled += length;
                            if (kind == LAST) {
                                message = partialFilled == partial.length ? partial : null;
                                if (tag != null) {
                                    tag[0] = partialTag;
                                }
                                partial = null;
                            }
                        }
                    }
                    advance(kind == LAST ? consumed + 1 : consumed, next);
                    if (message != null) {
                        return message;
                    }
                }
                default -> {
                    partial = null;
                    advance(consumed, next);
                }
            }
        }
    }

    private void advance(long consumed, long next) {
        // Release: the writer that reads this head may overwrite the bytes before it.
        SharedSegment.LONG.setVolatile(buffer, HEAD, ((consumed & COUNT_MASK) << 40) | next);
        if ((int) SharedSegment.INT.getVolatile(buffer, WRITER_SLEEPERS) > 0) {
            SharedSegment.INT.getAndAdd(buffer, SPACE_SEQ, 1);
            Futex.wake(segment.address(SPACE_SEQ), Integer.MAX_VALUE);
        }
    }

    private boolean awaitData(long deadlineNanos) throws InterruptedException {
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (System.nanoTime() - spinUntil < 0) {
            if (!isEmpty()) {
                return true;
            }
            // Yield rather than burn: on a busy machine the peer may need this very core.
            Thread.yield();
        }
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException("Interrupted while waiting for a queue item");
            }
            checkOpen();
            long left = left(deadlineNanos);
            if (left <= 0) {
                return !isEmpty();
            }
            SharedSegment.INT.getAndAdd(buffer, READER_SLEEPERS, 1);
            try {
                int sequence = (int) SharedSegment.INT.getVolatile(buffer, DATA_SEQ);
                if (!isEmpty()) {
                    return true;
                }
                Futex.waitSlice(segment.address(DATA_SEQ), sequence, left);
            } finally {
                SharedSegment.INT.getAndAdd(buffer, READER_SLEEPERS, -1);
            }
            if (!isEmpty()) {
                return true;
            }
        }
    }

    // ------------------------------------------------------------------ joinable

    /**
     * Messages written and not yet marked done.
     *
     * @return the count
     */
    public int unfinished() {
        return (int) SharedSegment.INT.getVolatile(buffer, UNFINISHED);
    }

    /**
     * Marks one message done.
     *
     * @return false if there was none unfinished (nothing changes then)
     */
    public boolean taskDone() {
        while (true) {
            int current = (int) SharedSegment.INT.getVolatile(buffer, UNFINISHED);
            if (current <= 0) {
                return false;
            }
            if (SharedSegment.INT.compareAndSet(buffer, UNFINISHED, current, current - 1)) {
                if (current == 1 && (int) SharedSegment.INT.getVolatile(buffer, JOIN_SLEEPERS) > 0) {
                    SharedSegment.INT.getAndAdd(buffer, JOIN_SEQ, 1);
                    Futex.wake(segment.address(JOIN_SEQ), Integer.MAX_VALUE);
                }
                return true;
            }
        }
    }

    /**
     * Waits until every message written was marked done.
     *
     * @param deadlineNanos a deadline
     * @return true when none is unfinished, false on timeout
     * @throws InterruptedException if interrupted
     */
    public boolean awaitAllDone(long deadlineNanos) throws InterruptedException {
        while (unfinished() > 0) {
            if (Thread.interrupted()) {
                throw new InterruptedException("Interrupted while joining a queue");
            }
            long left = left(deadlineNanos);
            if (left <= 0) {
                return false;
            }
            SharedSegment.INT.getAndAdd(buffer, JOIN_SLEEPERS, 1);
            try {
                int sequence = (int) SharedSegment.INT.getVolatile(buffer, JOIN_SEQ);
                if (unfinished() <= 0) {
                    return true;
                }
                Futex.waitSlice(segment.address(JOIN_SEQ), sequence, left);
            } finally {
                SharedSegment.INT.getAndAdd(buffer, JOIN_SLEEPERS, -1);
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ life cycle

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The queue was closed in this process while a thread waited on it");
        }
    }

    /**
     * Makes threads of this process that wait on the ring fail within a futex slice, and gives up the
     * readers lock. The mapping itself is left to the garbage collector, so that no thread can touch
     * unmapped memory.
     */
    public void close() {
        closed = true;
        release();
    }

    /**
     * Gives up this process's hold on the readers lock (and a half-gathered message, which is lost).
     * Call before unmapping.
     */
    public void release() {
        localReaders.lock();
        try {
            if (readersHeld) {
                partial = null;
                readersHeld = false;
                readers.unlock();
            }
        } finally {
            localReaders.unlock();
        }
    }

    private static boolean lockLocal(ReentrantLock lock, long deadlineNanos) throws InterruptedException {
        if (lock.tryLock()) {
            return true;
        }
        return lock.tryLock(Math.max(0, left(deadlineNanos)), TimeUnit.NANOSECONDS);
    }

    private static long left(long deadlineNanos) {
        return deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - System.nanoTime();
    }

    private static int align(int length) {
        return (length + 7) & ~7;
    }

    private void copyIn(long position, byte[] source, int offset, int length) {
        int index = (int) (position & mask);
        int first = Math.min(length, capacity - index);
        NativeCopy.put(buffer, base, HEADER + index, source, offset, first);
        if (first < length) {
            NativeCopy.put(buffer, base, HEADER, source, offset + first, length - first);
        }
    }

    private void copyOut(long position, byte[] target, int offset, int length) {
        int index = (int) (position & mask);
        int first = Math.min(length, capacity - index);
        NativeCopy.get(buffer, base, HEADER + index, target, offset, first);
        if (first < length) {
            NativeCopy.get(buffer, base, HEADER, target, offset + first, length - first);
        }
    }
}
