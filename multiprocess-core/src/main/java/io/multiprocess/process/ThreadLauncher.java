package io.multiprocess.process;

import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

/**
 * The "thread" start method: the process runs on a new thread of this JVM, Python's
 * {@code multiprocessing.dummy}. Nothing is serialized; the pid is this JVM's; {@code terminate()} and
 * {@code kill()} interrupt the thread (a JVM cannot stop a thread by force); the exit code is 0 when
 * {@code run()} returned and 1 when it threw. {@code System.exit} in such a process ends this whole JVM.
 *
 * <p>Internal SPI.
 */
final class ThreadLauncher {

    private ThreadLauncher() {}

    /**
     * Starts the thread.
     *
     * @param name   the thread's name (the process name)
     * @param daemon whether the thread is a daemon thread (the process's daemon flag)
     * @param body   what the thread runs; returns the exit code
     * @return the running child
     */
    public static LaunchedChild start(String name, boolean daemon, IntSupplier body) {
        ThreadChild child = new ThreadChild(body);
        Thread thread = new Thread(child, name);
        thread.setDaemon(daemon);
        child.thread = thread;
        thread.start();
        return child;
    }

    /** A process running on a thread. */
    private static final class ThreadChild implements LaunchedChild, Runnable {

        private final IntSupplier body;
        private final CompletableFuture<Integer> exit = new CompletableFuture<>();
        private volatile Thread thread;

        ThreadChild(IntSupplier body) {
            this.body = body;
        }

        @Override
        public void run() {
            int status = 1;
            try {
                status = body.getAsInt();
            } finally {
                exit.complete(status);
            }
        }

        @Override
        public long pid() {
            return ProcessHandle.current().pid();
        }

        @Override
        public CompletableFuture<Integer> onExit() {
            return exit;
        }

        @Override
        public void terminate() {
            thread.interrupt();
        }

        @Override
        public void kill() {
            thread.interrupt();
        }

        @Override
        public void release() {
            // Nothing is held for a thread.
        }

        @Override
        public boolean runsInThisJvm() {
            return true;
        }
    }
}
