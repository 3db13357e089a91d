package io.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.pool.Pool;
import io.multiprocess.testing.NoLeftoversExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Child processes of the core run without Hazelcast too: failsafe's default execution removes
 * {@code com.hazelcast:hazelcast} from the class path, and a spawned worker, which gets this JVM's class
 * path, has no Hazelcast class either yet runs its task.
 */
@ExtendWith(NoLeftoversExtension.class)
class CoreWithoutHazelcastIT {

    @Test
    void aSpawnedWorkerRunsWithoutHazelcast() {
        try (Pool pool = Multiprocess.getContext("spawn").pool(1)) {
            assertThat(pool.apply(() -> {
                        try {
                            Class.forName("com.hazelcast.core.Hazelcast");
                            return "hazelcast present";
                        } catch (ClassNotFoundException expected) {
                            return "no hazelcast, pid "
                                    + ProcessHandle.current().pid();
                        }
                    }))
                    .startsWith("no hazelcast, pid ")
                    .doesNotEndWith(" " + ProcessHandle.current().pid());
        }
    }
}
