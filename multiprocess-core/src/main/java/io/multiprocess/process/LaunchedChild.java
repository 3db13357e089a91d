package io.multiprocess.process;

import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * A running (or ended) child as its launcher sees it. Python's {@code Popen} objects.
 *
 * <p>Internal SPI.
 */
interface LaunchedChild {

    /**
     * The child's pid.
     *
     * @return the pid
     */
    long pid();

    /**
     * Completes with the exit code (as {@link io.multiprocess.process.BaseProcess#exitCode()} defines it)
     * when the child has ended and been reaped.
     *
     * @return the future exit code
     */
    CompletableFuture<Integer> onExit();

    /**
     * The exit code, once the child ended.
     *
     * @return the exit code, or empty while it runs
     */
    default OptionalInt exitCode() {
        CompletableFuture<Integer> exit = onExit();
        return exit.isDone() ? OptionalInt.of(exit.join()) : OptionalInt.empty();
    }

    /**
     * Whether the child still runs.
     *
     * @return true until it ended
     */
    default boolean isAlive() {
        return !onExit().isDone();
    }

    /** Sends SIGTERM, if the child still runs. */
    void terminate();

    /** Sends SIGKILL, if the child still runs. */
    void kill();

    /** Releases the parent's side of the child's channels. Called once the child ended. */
    void release();

    /**
     * Whether the child runs on a thread of this JVM (the "thread" start method) rather than in a process.
     *
     * @return false for child processes
     */
    default boolean runsInThisJvm() {
        return false;
    }
}
