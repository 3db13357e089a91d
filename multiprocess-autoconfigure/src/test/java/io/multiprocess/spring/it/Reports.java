package io.multiprocess.spring.it;

import io.multiprocess.spring.parallel.ParallelMap;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/** A service whose collaborator holds a JDK resource: its @ParallelMap method cannot go to a worker. */
@Service
public class Reports implements DisposableBean {

    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    /**
     * Never runs in a worker: the executor cannot be sent.
     *
     * @param items anything
     * @return the items
     */
    @ParallelMap
    public List<Integer> render(List<Integer> items) {
        return items;
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
