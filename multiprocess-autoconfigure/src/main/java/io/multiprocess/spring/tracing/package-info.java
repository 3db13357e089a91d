/**
 * Traces that cross the process boundary: every pool task (a call, or one chunk of a map) is a Micrometer
 * {@link io.micrometer.observation.Observation} in the caller's trace, and with Micrometer Tracing the work
 * done in the worker process is a span, child of the caller's (see
 * {@link io.multiprocess.spring.tracing.ObservedTasks}). No Python counterpart.
 */
@NullMarked
package io.multiprocess.spring.tracing;

import org.jspecify.annotations.NullMarked;
