package io.multiprocess.process;

import io.multiprocess.InterruptedOperationException;
import io.multiprocess.ProcessStartException;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one long-lived thread of this JVM that creates child processes.
 *
 * <p>Linux delivers a child's parent-death signal when the <em>thread</em> that created the child exits,
 * not the process. Children armed with that signal (every child JVM arms it) would die early if a
 * short-lived user thread created them; creating every child from this thread, which lives as long as
 * the JVM, ties their death to the JVM's.
 *
 * <p>Internal API.
 */
final class Spawner {

    private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "multiprocess-spawner");
        thread.setDaemon(true);
        return thread;
    });

    private Spawner() {}

    /**
     * Starts a process from the spawner thread and waits until it exists.
     *
     * @param builder what to start
     * @param what    what is started, for error messages ("the JVM of process Process-3")
     * @return the started process
     * @throws ProcessStartException if the process cannot be started
     * @throws InterruptedOperationException if the calling thread is interrupted while waiting (the process
     *     may still be started; it then runs until its watch sees that nobody uses it)
     */
    static Process start(ProcessBuilder builder, String what) {
        Future<Process> started = THREAD.submit(() -> {
            try {
                return builder.start();
            } catch (IOException e) {
                throw new ProcessStartException(
                        "Cannot start " + what + ": " + e.getMessage()
                                + ". Check the Java executable (Multiprocess.setExecutable / context.withExecutable). Command: "
                                + builder.command(),
                        e);
            }
        });
        try {
            return started.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ProcessStartException start) {
                throw start;
            }
            throw new ProcessStartException("Cannot start " + what + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("the start of " + what, e);
        }
    }

    /**
     * Runs a task on the spawner thread without waiting, for processes started in the background.
     *
     * @param task the task
     */
    static void later(Runnable task) {
        THREAD.execute(task);
    }
}
