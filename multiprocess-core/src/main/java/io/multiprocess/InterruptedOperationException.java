package io.multiprocess;

/**
 * A blocking call of the library (joining a process, waiting for a result) was interrupted.
 *
 * <p>The library's own blocking methods stay unchecked, as Python's are; when the calling thread is
 * interrupted they throw this exception with the thread's interrupt status set again, so code higher
 * up still sees the interruption. Methods of JDK interfaces that the library implements
 * ({@code Future.get}, {@code BlockingQueue.take}...) throw {@link InterruptedException} as their
 * contracts say.
 */
public class InterruptedOperationException extends MultiprocessException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for an interrupted operation.
     *
     * @param operation what was being waited for, e.g. {@code "join of Process-1"}
     * @param cause     the {@link InterruptedException} that ended the wait
     */
    public InterruptedOperationException(String operation, InterruptedException cause) {
        super("Interrupted while waiting for " + operation + "; the thread's interrupt status is set again", cause);
    }
}
