/**
 * The resource tracker: named shared-memory resources are registered by their creator and unlinked
 * by a tracker process when the process tree that created them dies, even by SIGKILL, with a warning
 * naming each. Python's {@code multiprocessing.resource_tracker}.
 *
 * <p>Start with {@link io.multiprocess.tracker.ResourceTracker}; {@link io.multiprocess.tracker.TrackedResource}
 * is what the listing returns.
 */
@NullMarked
package io.multiprocess.tracker;

import org.jspecify.annotations.NullMarked;
