/**
 * Primitive values and arrays in shared memory, with or without a lock. Python's
 * {@code multiprocessing.sharedctypes}: {@code Value}/{@code RawValue} are
 * {@link io.multiprocess.sharedctypes.SharedValue}, {@code Array}/{@code RawArray} are
 * {@link io.multiprocess.sharedctypes.SharedArray}, the functions are on
 * {@link io.multiprocess.sharedctypes.SharedCTypes}, and type codes ({@code 'i'}, {@code 'd'}...) are
 * {@link io.multiprocess.sharedctypes.TypeCode}.
 *
 * <p>Each value or array lives in its own POSIX shared-memory segment: 16 bytes for its lock word
 * (used when it has its own lock), then the data, naturally aligned, in native byte order. Reads and
 * writes of single elements are atomic and ordered; compound updates take the lock.
 */
@NullMarked
package io.multiprocess.sharedctypes;

import org.jspecify.annotations.NullMarked;
