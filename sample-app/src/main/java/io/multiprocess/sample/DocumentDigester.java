package io.multiprocess.sample;

import io.multiprocess.managers.DictProxy;
import io.multiprocess.spring.parallel.ParallelMap;
import java.io.Serializable;
import java.util.List;
import java.util.function.BiFunction;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Compresses and hashes documents in the pool's worker processes: each call of {@link #digest(List)} is
 * split into chunks (one document each) that run as calls of the same method in the workers. The bean
 * travels to the workers with its field, a proxy of the manager's progress dict, so the workers count
 * each document as they finish it, where the service (and the page) can read it.
 */
@Service
public class DocumentDigester {

    private static final BiFunction<Integer, Integer, Integer> ADD =
            (BiFunction<Integer, Integer, Integer> & Serializable) Integer::sum;

    private final DictProxy<String, Integer> progress;

    DocumentDigester(SharedState state) {
        this.progress = state.progress();
    }

    /**
     * Digests documents, in parallel in worker processes, counting each in the progress dict under its batch.
     *
     * @param documents the documents
     * @return their digests, in input order
     * @throws io.multiprocess.pool.WorkerLostException if a worker died while digesting
     * @throws io.multiprocess.pool.ResultTimeoutException if the call took more than two minutes
     */
    @ParallelMap(chunksize = 1, timeout = "2m")
    public List<DocumentDigest> digest(List<DocumentSpec> documents) {
        return documents.stream()
                .map(spec -> {
                    DocumentDigest digest = Documents.digest(spec);
                    progress.merge(spec.batch(), 1, ADD);
                    // Logged in the worker; the service's log shows it, with the worker's name, pid and trace.
                    LoggerFactory.getLogger(DocumentDigester.class)
                            .info("Digested document {} of batch {}", spec.index(), spec.batch());
                    return digest;
                })
                .toList();
    }
}
