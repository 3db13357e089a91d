package io.multiprocess.sample;

import io.multiprocess.spring.parallel.ParallelMap;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Compresses and hashes documents in the pool's worker processes: each call of {@link #digest(List)} is
 * split into chunks (one document each) that run as calls of the same method in the workers.
 */
@Service
public class DocumentDigester {

    /** Spring's constructor. */
    DocumentDigester() {
    }

    /**
     * Digests documents, in parallel in worker processes.
     *
     * @param documents the documents
     * @return their digests, in input order
     * @throws io.multiprocess.WorkerLostException if a worker died while digesting
     * @throws io.multiprocess.ResultTimeoutException if the call took more than two minutes
     */
    @ParallelMap(chunksize = 1, timeout = "2m")
    public List<DocumentDigest> digest(List<DocumentSpec> documents) {
        return documents.stream().map(Documents::digest).toList();
    }
}
