/**
 * Micrometer metrics of multiprocess-java: tasks, their durations, queue depth, worker restarts and
 * live children (see {@link io.multiprocess.spring.metrics.PoolMetrics}). No Python counterpart.
 */
@NullMarked
package io.multiprocess.spring.metrics;

import org.jspecify.annotations.NullMarked;
