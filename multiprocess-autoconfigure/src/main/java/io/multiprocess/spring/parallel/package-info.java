/**
 * {@link io.multiprocess.spring.parallel.ParallelMap @ParallelMap}: Python's {@code pool.map} for a bean
 * method that works on a list of items, run in the pool's worker processes.
 */
@NullMarked
package io.multiprocess.spring.parallel;

import org.jspecify.annotations.NullMarked;
