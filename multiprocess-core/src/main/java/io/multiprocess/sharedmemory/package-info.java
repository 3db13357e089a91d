/**
 * Named shared-memory blocks and lists, compatible with CPython. Python's
 * {@code multiprocessing.shared_memory}: {@link io.multiprocess.sharedmemory.SharedMemory} and
 * {@link io.multiprocess.sharedmemory.ShareableList}.
 *
 * <p>A block is the POSIX shared-memory object {@code /dev/shm/<name>}: CPython's
 * {@code SharedMemory(name)} and {@code ShareableList(name=name)} open what Java created, and Java opens
 * what Python created. Creators register blocks with the {@link io.multiprocess.tracker.ResourceTracker},
 * which unlinks them (with a warning) if the creating process tree ends without doing so.
 */
@NullMarked
package io.multiprocess.sharedmemory;

import org.jspecify.annotations.NullMarked;
