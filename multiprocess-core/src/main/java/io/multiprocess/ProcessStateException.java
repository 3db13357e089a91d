package io.multiprocess;

/**
 * An operation does not fit the life-cycle state of a process object: starting it twice, joining it
 * before it started, joining itself, closing it while it runs, using it after close.
 *
 * <p>Python raises {@code AssertionError} or {@code ValueError} in these cases; Java reports misuse of
 * an object's state with an {@link IllegalStateException}, as {@link Thread#start()} does.
 */
public class ProcessStateException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message the operation, the state it met and what to do instead
     */
    public ProcessStateException(String message) {
        super(message);
    }
}
