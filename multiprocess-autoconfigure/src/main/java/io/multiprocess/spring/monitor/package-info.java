/**
 * A read-only view of the application's process tree for monitoring: child processes with their role
 * (Python's {@code active_children()}) and the resources the resource tracker holds (Python's
 * {@code resource_tracker}), as small descriptor records.
 */
@NullMarked
package io.multiprocess.spring.monitor;

import org.jspecify.annotations.NullMarked;
