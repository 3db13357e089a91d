package io.multiprocess.pool;

import io.multiprocess.Multiprocess;
import io.multiprocess.testing.NoLeftoversExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** The scheduling contract against worker processes started with "spawn". */
@ExtendWith(NoLeftoversExtension.class)
class SpawnSchedulingIT extends SchedulingContract {

    @Override
    Pool createPool() {
        return Multiprocess.getContext("spawn").pool(2);
    }
}
