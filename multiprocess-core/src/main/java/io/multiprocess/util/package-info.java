/**
 * Utilities every process of a program shares: logging that names the process
 * ({@link io.multiprocess.util.ProcessLogging}), cleanup callbacks that run when an object is collected
 * or in order at exit ({@link io.multiprocess.util.Finalize}), and the process's private temporary
 * directory ({@link io.multiprocess.util.ProcessTempDir}).
 *
 * <p>Mirrors Python's {@code multiprocessing.util}: {@code get_logger}, {@code log_to_stderr},
 * {@code Finalize}, {@code is_exiting} and {@code get_temp_dir}.
 */
@NullMarked
package io.multiprocess.util;

import org.jspecify.annotations.NullMarked;
