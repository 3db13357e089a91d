package io.multiprocess.sample;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Runs batches of documents in the background: a batch is one call of the {@code @ParallelMap} method of
 * {@link DocumentDigester}, split over the pool's workers, which count their progress in the manager's
 * dict ({@link SharedState#progress()}) as each document is done.
 */
@Service
public class BatchService implements DisposableBean {

    private static final int KEEP = 20;
    private static final Logger LOG = LoggerFactory.getLogger(BatchService.class);

    private final DocumentDigester digester;
    private final SharedState state;
    private final ObservationRegistry observations;
    private final ExecutorService runner = Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, "sample-batch");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Batch> batches = Collections.synchronizedMap(new LinkedHashMap<>());

    BatchService(DocumentDigester digester, SharedState state, ObjectProvider<ObservationRegistry> observations) {
        this.digester = digester;
        this.state = state;
        this.observations = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
    }

    /**
     * Starts a batch.
     *
     * @param documents how many documents (1 to 1000)
     * @param kilobytes the size of each (1 to 8192)
     * @return the batch as it starts
     * @throws IllegalArgumentException if a value is out of range
     */
    public BatchStatus start(int documents, int kilobytes) {
        if (documents < 1 || documents > 1000) {
            throw new IllegalArgumentException("documents must be between 1 and 1000, not " + documents);
        }
        if (kilobytes < 1 || kilobytes > 8192) {
            throw new IllegalArgumentException("kilobytes must be between 1 and 8192, not " + kilobytes);
        }
        Batch batch = new Batch(UUID.randomUUID().toString().substring(0, 8), documents, kilobytes);
        synchronized (batches) {
            batches.put(batch.id, batch);
            while (batches.size() > KEEP) {
                state.progress()
                        .remove(batches.remove(batches.keySet().iterator().next()).id);
            }
        }
        runner.execute(() -> run(batch));
        return batch.status(0);
    }

    /**
     * A batch's progress.
     *
     * @param id the batch's id
     * @return its status, or empty if unknown (or forgotten: only the last 20 are kept)
     */
    public Optional<BatchStatus> status(String id) {
        return Optional.ofNullable(batches.get(id)).map(this::status);
    }

    /**
     * The batches kept, newest last.
     *
     * @return their status
     */
    public List<BatchStatus> all() {
        synchronized (batches) {
            return batches.values().stream().map(this::status).toList();
        }
    }

    /** A batch is one observation (one trace), whose chunks' tasks and workers' runs are its spans. */
    private void run(Batch batch) {
        Observation.createNotStarted("sample.batch", observations)
                .highCardinalityKeyValue("sample.batch.id", batch.id)
                .observe(() -> runObserved(batch));
    }

    private void runObserved(Batch batch) {
        LOG.info("Batch {} of {} documents: trace {}", batch.id, batch.documents, MDC.get("traceId"));
        try {
            List<DocumentSpec> documents = new ArrayList<>();
            for (int i = 0; i < batch.documents; i++) {
                documents.add(new DocumentSpec(batch.id, i, 31L * i + batch.documents, batch.kilobytes));
            }
            batch.add(digester.digest(documents));
            batch.finish(null);
        } catch (RuntimeException e) {
            batch.finish(e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            try {
                state.progress().remove(batch.id);
            } catch (RuntimeException e) {
                // The manager is gone (the service is shutting down): nothing to clean.
            }
        }
    }

    /**
     * Stops the batches that run (their threads are interrupted).
     *
     * @throws InterruptedException if interrupted while waiting for them
     */
    private BatchStatus status(Batch batch) {
        int counted = batch.isRunning() ? state.progress().getOrDefault(batch.id, 0) : -1;
        return batch.status(counted);
    }

    @Override
    public void destroy() throws InterruptedException {
        runner.shutdownNow();
        runner.awaitTermination(30, TimeUnit.SECONDS);
    }

    /** A batch's mutable state, guarded by itself. */
    private static final class Batch {
        final String id;
        final int documents;
        final int kilobytes;
        final Instant started = Instant.now();
        Instant finished;
        String state = "running";
        String error;
        long bytes;
        long compressedBytes;
        final Set<Long> workers = new TreeSet<>();
        final List<DocumentDigest> digests = new ArrayList<>();

        Batch(String id, int documents, int kilobytes) {
            this.id = id;
            this.documents = documents;
            this.kilobytes = kilobytes;
        }

        synchronized void add(List<DocumentDigest> more) {
            for (DocumentDigest digest : more) {
                bytes += digest.bytes();
                compressedBytes += digest.compressedBytes();
                workers.add(digest.pid());
                digests.add(digest);
            }
        }

        synchronized boolean isRunning() {
            return finished == null;
        }

        synchronized void finish(String failure) {
            finished = Instant.now();
            state = failure == null ? "done" : "failed";
            error = failure;
        }

        /** Its status; {@code counted} is the workers' count while it runs (-1 once it ended). */
        synchronized BatchStatus status(int counted) {
            int done = finished == null ? Math.max(0, Math.min(counted, documents)) : digests.size();
            Duration elapsed = Duration.between(started, finished == null ? Instant.now() : finished);
            return new BatchStatus(
                    id,
                    state,
                    documents,
                    done,
                    kilobytes,
                    bytes,
                    compressedBytes,
                    List.copyOf(workers),
                    ProcessHandle.current().pid(),
                    elapsed.toMillis(),
                    error,
                    digests.stream().limit(5).toList());
        }
    }

    /**
     * A batch's progress, as the API returns it.
     *
     * @param id              its id
     * @param state           {@code running}, {@code done} or {@code failed}
     * @param documents       how many documents it has
     * @param done            how many are digested
     * @param kilobytes       the size of each
     * @param bytes           the bytes digested so far
     * @param compressedBytes what they compressed to
     * @param workers         the pids of the processes that did the work
     * @param service         the pid of this service (not among the workers)
     * @param elapsedMillis   how long it has run
     * @param error           why it failed, or null
     * @param firstDigests    the first few digests
     */
    public record BatchStatus(
            String id,
            String state,
            int documents,
            int done,
            int kilobytes,
            long bytes,
            long compressedBytes,
            List<Long> workers,
            long service,
            long elapsedMillis,
            String error,
            List<DocumentDigest> firstDigests) {}
}
