package io.multiprocess.spring.it;

import io.multiprocess.managers.DictProxy;
import io.multiprocess.managers.SyncManager;
import io.multiprocess.spring.parallel.ParallelMap;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * A service whose collaborator is a dict of the application's SyncManager: a manager's proxy travels with
 * the bean to the workers, which write into the same dict.
 */
@Service
public class Visits {

    private final DictProxy<String, Long> seen;

    Visits(SyncManager manager) {
        this.seen = manager.dict();
    }

    /**
     * Records, for each name, the pid of the worker that handled it.
     *
     * @param names the names
     */
    @ParallelMap(chunksize = 1)
    public void record(List<String> names) {
        for (String name : names) {
            seen.put(name, ProcessHandle.current().pid());
        }
    }

    /**
     * The shared dict.
     *
     * @return the dict, served by the manager's process
     */
    public DictProxy<String, Long> seen() {
        return seen;
    }
}
