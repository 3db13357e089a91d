package io.multiprocess.pool;

/**
 * Which function each of a worker's {@value Frames#FUNCTION_SLOTS} slots holds, as the pool's writer
 * for that worker tracks it: a task names a slot, and carries the function's bytes only when the slot
 * does not hold it yet. The least recently used slot is reused. Used by one thread only. Internal.
 */
final class FunctionSlots {

    private final long[] ids = new long[Frames.FUNCTION_SLOTS];
    private final long[] lastUse = new long[Frames.FUNCTION_SLOTS];
    private long clock;

    /** The slot for function {@code id}; {@link #defined} says whether it already held it. */
    int slotFor(long id) {
        clock++;
        int victim = 0;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == id) {
                lastUse[i] = clock;
                defined = true;
                return i;
            }
            if (lastUse[i] < lastUse[victim]) {
                victim = i;
            }
        }
        ids[victim] = id;
        lastUse[victim] = clock;
        defined = false;
        return victim;
    }

    /** Whether the slot returned by the last {@link #slotFor} already held the function. */
    boolean defined;
}
