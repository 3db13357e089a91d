/**
 * The forkserver: a server JVM that keeps spare child JVMs started and warmed up, so that starting a
 * process takes milliseconds. Mirrors Python's {@code multiprocessing.forkserver}.
 *
 * <p>Contexts with the {@code "forkserver"} start method use it on their own; {@link
 * io.multiprocess.forkserver.ForkServer} starts it ahead of time, sets what spares preload, and stops it.
 */
@NullMarked
package io.multiprocess.forkserver;

import org.jspecify.annotations.NullMarked;
