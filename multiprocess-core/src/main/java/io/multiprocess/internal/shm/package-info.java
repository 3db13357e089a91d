/**
 * Building blocks over POSIX shared memory: named segments mapped into several processes, futex waits
 * on words inside them, and a mutex that survives the death of its owner. Internal: not an API; the
 * public primitives (locks, values, queues, shared memory) are built on these.
 *
 * <p>Memory-ordering legend used in the layouts of this package: <em>volatile</em> = sequentially
 * consistent access; <em>release</em>/<em>acquire</em> = ordered store/load pairing; <em>plain</em> =
 * no ordering, only for words a single process writes while it holds a lock.
 */
@NullMarked
package io.multiprocess.internal.shm;

import org.jspecify.annotations.NullMarked;
