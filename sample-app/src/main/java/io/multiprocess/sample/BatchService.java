package io.multiprocess.sample;

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
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * Runs batches of documents in the background and keeps their progress: a batch is digested a few
 * documents at a time through the {@code @ParallelMap} method of {@link DocumentDigester} (each slice in
 * parallel on the pool's workers), and its progress is counted here after each slice.
 */
@Service
public class BatchService implements DisposableBean {

    /** Documents per {@code @ParallelMap} call: enough for every worker, small enough for visible progress. */
    static final int SLICE = 4;
    private static final int KEEP = 20;

    private final DocumentDigester digester;
    private final ExecutorService runner = Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, "sample-batch");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Batch> batches = Collections.synchronizedMap(new LinkedHashMap<>());

    BatchService(DocumentDigester digester) {
        this.digester = digester;
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
                batches.remove(batches.keySet().iterator().next());
            }
        }
        runner.execute(() -> run(batch));
        return batch.status();
    }

    /**
     * A batch's progress.
     *
     * @param id the batch's id
     * @return its status, or empty if unknown (or forgotten: only the last 20 are kept)
     */
    public Optional<BatchStatus> status(String id) {
        return Optional.ofNullable(batches.get(id)).map(Batch::status);
    }

    /**
     * The batches kept, newest last.
     *
     * @return their status
     */
    public List<BatchStatus> all() {
        synchronized (batches) {
            return batches.values().stream().map(Batch::status).toList();
        }
    }

    private void run(Batch batch) {
        try {
            for (int from = 0; from < batch.documents; from += SLICE) {
                List<DocumentSpec> slice = new ArrayList<>();
                for (int i = from; i < Math.min(batch.documents, from + SLICE); i++) {
                    slice.add(new DocumentSpec(i, 31L * i + batch.documents, batch.kilobytes));
                }
                List<DocumentDigest> digests = digester.digest(slice);
                batch.add(digests);
            }
            batch.finish(null);
        } catch (RuntimeException e) {
            batch.finish(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * Stops the batches that run (their threads are interrupted).
     *
     * @throws InterruptedException if interrupted while waiting for them
     */
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

        synchronized void finish(String failure) {
            finished = Instant.now();
            state = failure == null ? "done" : "failed";
            error = failure;
        }

        synchronized BatchStatus status() {
            Duration elapsed = Duration.between(started, finished == null ? Instant.now() : finished);
            return new BatchStatus(id, state, documents, digests.size(), kilobytes, bytes, compressedBytes,
                List.copyOf(workers), ProcessHandle.current().pid(), elapsed.toMillis(), error,
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
    public record BatchStatus(String id, String state, int documents, int done, int kilobytes, long bytes,
        long compressedBytes, List<Long> workers, long service, long elapsedMillis, String error,
        List<DocumentDigest> firstDigests) {
    }
}
