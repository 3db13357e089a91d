/**
 * Start-up failures the way Spring Boot reports them: checks of the {@code multiprocess.*} properties
 * ({@link io.multiprocess.spring.diagnostics.ValidRange}, {@link io.multiprocess.spring.diagnostics.ValidDuration},
 * {@link io.multiprocess.spring.diagnostics.PropertyChecks}) and the failure analyzers that turn a bad value,
 * or a child JVM that cannot boot, into Boot's "APPLICATION FAILED TO START" block naming the property, its
 * value, where it was set and the fix.
 */
@NullMarked
package io.multiprocess.spring.diagnostics;

import org.jspecify.annotations.NullMarked;
