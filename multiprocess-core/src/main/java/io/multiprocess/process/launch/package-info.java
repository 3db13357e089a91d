/**
 * Start methods: how a child JVM is brought up and handed its process object. Python's
 * {@code popen_spawn_posix}, {@code popen_forkserver}, {@code forkserver} and {@code spawn} modules.
 *
 * <p>Internal SPI of the library: contexts choose a {@link io.multiprocess.process.launch.Launcher} per
 * start method. The protocol between parent and child is one
 * {@link io.multiprocess.process.launch.BootstrapFrame} written to the child's standard input, which is
 * then closed.
 * <ul>
 *   <li>{@link io.multiprocess.process.launch.SpawnLauncher}: a fresh JVM per process.</li>
 *   <li>{@link io.multiprocess.process.launch.ForkServerLauncher}: the frame goes to this JVM's forkserver
 *       ({@link io.multiprocess.process.launch.ForkServerClient}, {@link io.multiprocess.process.launch.ForkServerMain}),
 *       which writes it to a warmed-up spare JVM ({@link io.multiprocess.process.launch.SparePools}).</li>
 *   <li>{@link io.multiprocess.process.launch.ThreadLauncher}: no JVM, a thread ("thread", Python's
 *       {@code multiprocessing.dummy}).</li>
 * </ul>
 * What makes a child JVM start fast lives here too: its command line
 * ({@link io.multiprocess.process.launch.ChildJvmCommand}), its class-data-sharing archive
 * ({@link io.multiprocess.process.launch.ClassDataSharing}), its class path when the application is a
 * single executable jar ({@link io.multiprocess.process.launch.ChildClassPath}), and its watch over its
 * parent ({@link io.multiprocess.process.launch.ParentWatch}).
 */
package io.multiprocess.process.launch;
