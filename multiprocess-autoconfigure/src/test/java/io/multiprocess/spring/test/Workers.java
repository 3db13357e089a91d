package io.multiprocess.spring.test;

import io.multiprocess.spring.parallel.ParallelMap;
import java.util.List;
import org.springframework.stereotype.Service;

/** A {@code @ParallelMap} service that tells which process handled each item. */
@Service
public class Workers {

    /** Made by Spring. */
    public Workers() {}

    /**
     * The pid of the process that handled each item, one chunk per item.
     *
     * @param items the items
     * @return one pid per item, in order
     */
    @ParallelMap(chunksize = 1, timeout = "2m")
    public List<Long> pids(List<Integer> items) {
        return items.stream().map(item -> ProcessHandle.current().pid()).toList();
    }
}
