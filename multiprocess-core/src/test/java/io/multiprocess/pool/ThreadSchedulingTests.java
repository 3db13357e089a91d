package io.multiprocess.pool;

import io.multiprocess.Multiprocess;

/** The scheduling contract against a pool of threads ("thread", Python's multiprocessing.dummy). */
class ThreadSchedulingTests extends SchedulingContract {

    @Override
    Pool createPool() {
        return Multiprocess.getContext("thread").pool(2);
    }
}
