/**
 * Start methods: how a child JVM is brought up and handed its process object. Python's
 * {@code popen_spawn_posix} and {@code spawn} modules.
 *
 * <p>Internal SPI of the library: contexts choose a {@link io.multiprocess.process.launch.Launcher}
 * per start method. The protocol between parent and child is one
 * {@link io.multiprocess.process.launch.BootstrapFrame} written to the child's standard input, which
 * the parent then closes.
 */
package io.multiprocess.process.launch;
