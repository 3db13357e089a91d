/**
 * The live dashboard: a page served under the actuator's base path (endpoint {@code processdashboard}) that
 * polls a snapshot of the process tree (CPU, memory), the pools' task stream, the progress of map calls,
 * dead workers and shared resources. Python's {@code multiprocessing} has no such view; Dask's diagnostic
 * dashboard is the model. Opt-in with {@code multiprocess.dashboard.enabled=true}.
 */
@NullMarked
package io.multiprocess.spring.dashboard;

import org.jspecify.annotations.NullMarked;
