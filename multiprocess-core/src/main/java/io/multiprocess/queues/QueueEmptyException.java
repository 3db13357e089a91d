package io.multiprocess.queues;

import io.multiprocess.MultiprocessException;

/**
 * A queue had no item within the time allowed. Python's {@code queue.Empty}.
 */
public class QueueEmptyException extends MultiprocessException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message how long the caller waited
     */
    public QueueEmptyException(String message) {
        super(message);
    }
}
