/**
 * Processes: handles to child JVMs, the current and parent process, and the child's entry point.
 *
 * <p>Mirrors Python's {@code multiprocessing.process}: {@link io.multiprocess.process.ChildProcess}
 * is {@code Process} (renamed so that it does not shadow {@link java.lang.Process}),
 * {@link io.multiprocess.process.BaseProcess} is {@code BaseProcess}, what
 * {@link io.multiprocess.Multiprocess#currentProcess()} returns.
 *
 * <p>Life of a child: {@code start()} serializes the process object in the calling thread (so a value
 * that cannot be sent fails before anything is launched), launches a JVM through the context's start
 * method and hands it the bytes over its standard input. The child ({@link io.multiprocess.process.ChildMain})
 * reads them, starts watching for its parent's death, and calls {@code run()}. It exits with 0 when
 * {@code run()} returns (after its non-daemon threads end, as a JVM does), with 1 when {@code run()}
 * throws (the stack trace goes to its standard error), or with the status it passes to
 * {@code System.exit}.
 *
 * <p>No orphans: a child checks every 100 ms that its parent is alive and exits when it is not, and
 * once it has lived a second it also arms Linux's parent-death signal, so that the kernel kills it the
 * moment its parent dies even if its JVM is wedged (see {@link io.multiprocess.process.ParentWatch}). Daemon
 * children are terminated when their parent exits normally; non-daemon children keep their parent
 * alive until they end, as non-daemon threads do (and as Python joins them at exit).
 *
 * <p>Start methods live here too, behind the handles: how a child JVM is brought up and handed its
 * process object (Python's {@code popen_spawn_posix}, {@code popen_forkserver}, {@code forkserver} and
 * {@code spawn} modules). A {@link io.multiprocess.process.Launcher} per start method (package-private,
 * like most of the machinery) writes one {@link io.multiprocess.process.BootstrapFrame} to the child's
 * standard input: a fresh JVM per process for spawn, a warmed-up spare JVM of this JVM's forkserver for
 * forkserver ({@link io.multiprocess.process.ForkServerClient}, {@link io.multiprocess.process.ForkServerMain}),
 * a thread for "thread". What makes a child JVM start fast lives here as well: its command line
 * ({@link io.multiprocess.process.ChildJvmCommand}), its class-data-sharing archive, its class path
 * when the application is a single executable jar ({@link io.multiprocess.process.ChildClassPath}),
 * and its watch over its parent.
 */
@NullMarked
package io.multiprocess.process;

import org.jspecify.annotations.NullMarked;
