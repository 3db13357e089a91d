package io.multiprocess.pool;

import io.multiprocess.Multiprocess;
import io.multiprocess.testing.NoLeftoversExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** The scheduling contract against worker processes started with "forkserver". */
@ExtendWith(NoLeftoversExtension.class)
class ForkserverSchedulingIT extends SchedulingContract {

    @Override
    Pool createPool() {
        return Multiprocess.getContext("forkserver").pool(2);
    }
}
