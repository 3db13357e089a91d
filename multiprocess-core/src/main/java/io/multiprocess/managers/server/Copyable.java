package io.multiprocess.managers.server;

import org.jspecify.annotations.Nullable;

/** A served object whose copy ({@link io.multiprocess.managers.BaseProxy#copyReferent()}) is a plain JDK value, not itself. */
interface Copyable {

    /**
     * A copy made under the object's own lock.
     *
     * @return the copy
     */
    @Nullable
    Object copy();
}
