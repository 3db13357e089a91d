/**
 * The application's process pool in a Spring context (Python's {@code multiprocessing.pool}): started
 * lazily or eagerly, shut down gracefully with the context.
 */
@NullMarked
package io.multiprocess.spring.pool;

import org.jspecify.annotations.NullMarked;
