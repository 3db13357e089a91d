/**
 * Spring Boot auto-configuration of multiprocess-java, one class per concern: the context and the view
 * of the process tree ({@code MultiprocessAutoConfiguration}), the pool, the {@code SyncManager},
 * {@code @ParallelMap}, the actuator endpoints, health and metrics. Settings under {@code multiprocess.*}
 * ({@link io.multiprocess.spring.autoconfigure.MultiprocessProperties}). No Python counterpart.
 */
@NullMarked
package io.multiprocess.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
