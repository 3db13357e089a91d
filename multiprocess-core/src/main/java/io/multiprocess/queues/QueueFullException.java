package io.multiprocess.queues;

import io.multiprocess.MultiprocessException;

/**
 * A bounded queue had no room within the time allowed. Python's {@code queue.Full}.
 */
public class QueueFullException extends MultiprocessException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the queue's bound and how long the caller waited
     */
    public QueueFullException(String message) {
        super(message);
    }
}
