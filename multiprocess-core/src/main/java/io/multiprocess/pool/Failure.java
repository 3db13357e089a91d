package io.multiprocess.pool;

import java.io.Serial;
import java.io.Serializable;

/**
 * The outcome of an item whose function threw: stands in an outcome array where the item's value
 * would be. Travels from workers to the pool inside result messages. Internal.
 *
 * @param error the exception the task raised (or a stand-in for it)
 */
record Failure(Throwable error) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;
}
