package io.multiprocess.pool;

import io.multiprocess.InterruptedOperationException;
import io.multiprocess.MultiprocessException;
import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * One run of {@code imap} or {@code imapUnordered}: a thread that reads the input in chunks and
 * submits them while the consumer is less than {@link #capacity} items behind, and the buffer of
 * results waiting for the consumer. Python's {@code IMapIterator} and the task-handler thread that
 * feeds it; unlike Python's (gh-101586), the input is read lazily. It sees its pool only through
 * {@link JobHost}. Internal.
 *
 * <p>Positions count items from 0 in input order. Invariant, under {@link #lock}:
 * {@code consumed <= submitted}, and the feeder never lets {@code submitted - consumed} exceed
 * {@code capacity} (until the pool is shut down: then the rest of the input is read, so that the
 * pool can finish its work as Python's {@code close()} lets it). A feeder that had to stop waits
 * until the consumer is {@link #lowWater} items behind, so that it is woken once per batch rather
 * than once per item.
 */
final class ImapJob implements TaskSink {

    private static final Cleaner CLEANER = Cleaner.create(runnable -> {
        Thread thread = new Thread(runnable, "multiprocess-imap-cleaner");
        thread.setDaemon(true);
        return thread;
    });

    private static final Object NULL = new Object();

    /** At most this many chunks are read and submitted together. */
    private static final int MAX_BATCH_CHUNKS = 64;
    /** A batch is handed over once reading it took this long. */
    private static final long BATCH_NANOS = 200_000;

    /** An item that will not have a value: the task threw (remote) or could not run. */
    private record ItemError(Throwable error, long pid, boolean remote, long position) {}

    private final JobHost host;
    private final String jobName;
    private final boolean ordered;
    private final int chunksize;
    private final Object function;
    private final FunctionRef functionRef;
    private final Iterator<?> input;
    private final long capacity;
    private final long lowWater;

    /** This run's id for the pool's listener. */
    private final long callId;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition itemReady = lock.newCondition();
    private final Condition spaceFree = lock.newCondition();
    private boolean feederWaiting;
    private int consumersWaiting;
    private long submitted;
    private long consumed;
    private long total = -1;
    private boolean closed;
    private @Nullable RuntimeException terminal;
    private boolean unbounded;
    private final Map<Long, Object> ready = new HashMap<>();
    private final ArrayDeque<Object> arrivals = new ArrayDeque<>();
    private final Set<Task> outstanding = new HashSet<>();
    private @Nullable Thread feeder;

    private ImapJob(
            JobHost host,
            String jobName,
            boolean ordered,
            int chunksize,
            Object function,
            FunctionRef functionRef,
            Iterator<?> input) {
        this.host = host;
        this.jobName = jobName;
        this.ordered = ordered;
        this.chunksize = chunksize;
        this.function = function;
        this.functionRef = functionRef;
        this.input = input;
        this.callId = host.nextTaskId();
        this.capacity = Math.max(64L * host.processes(), (2L * host.processes() + 1) * chunksize);
        this.lowWater = capacity - Math.max(chunksize, capacity / 4);
    }

    /** Starts a job and its input thread; returns the consumer's iterator. */
    static <R extends @Nullable Object> ResultIterator<R> start(
            JobHost host,
            String jobName,
            boolean ordered,
            int chunksize,
            Object function,
            FunctionRef functionRef,
            Iterator<?> input) {
        ImapJob job = new ImapJob(host, jobName, ordered, chunksize, function, functionRef, input);
        Thread thread = new Thread(host.inCallerContext(job::feed), host.threadName("imap-input"));
        thread.setDaemon(true);
        job.feeder = thread;
        host.feederStarted(job);
        host.mapSubmitted(job.callId, jobName, -1);
        try {
            thread.start();
        } catch (Error | RuntimeException e) {
            host.feederFinished(job);
            throw e;
        }
        Results<R> results = new Results<>(job);
        results.cleanable = CLEANER.register(results, job::close);
        return results;
    }

    // ------------------------------------------------------------------------------------ the input side

    private void feed() {
        try {
            while (true) {
                long room;
                lock.lock();
                try {
                    if (!unbounded && submitted - consumed + chunksize > capacity) {
                        feederWaiting = true;
                        try {
                            while (!closed && terminal == null && !unbounded && submitted - consumed > lowWater) {
                                spaceFree.await();
                            }
                        } finally {
                            feederWaiting = false;
                        }
                    }
                    if (closed || terminal != null) {
                        return;
                    }
                    room = unbounded ? (long) MAX_BATCH_CHUNKS * chunksize : capacity - (submitted - consumed);
                } finally {
                    lock.unlock();
                }
                // Read a batch of chunks while there is room, but hand over what was read within
                // BATCH_NANOS, so that a slow input does not hold back the items it already gave.
                int wanted = (int) Math.max(1, Math.min(MAX_BATCH_CHUNKS, room / chunksize));
                List<Object[]> chunks = new ArrayList<>();
                List<Integer> sizes = new ArrayList<>();
                Throwable inputError = null;
                boolean exhausted = false;
                long batchStart = System.nanoTime();
                for (int c = 0; c < wanted; c++) {
                    Object[] chunk = new Object[chunksize];
                    int n = 0;
                    try {
                        while (n < chunksize && input.hasNext()) {
                            Object item = input.next();
                            chunk[n++] = item;
                        }
                    } catch (Throwable t) {
                        inputError = t;
                    }
                    if (n > 0) {
                        chunks.add(chunk);
                        sizes.add(n);
                    }
                    if (inputError != null || n < chunksize) {
                        exhausted = true;
                        break;
                    }
                    if (System.nanoTime() - batchStart > BATCH_NANOS) {
                        break;
                    }
                }
                long position;
                lock.lock();
                try {
                    if (closed || terminal != null) {
                        return;
                    }
                    position = submitted;
                    for (int n : sizes) {
                        submitted += n;
                    }
                    itemsChanged();
                } finally {
                    lock.unlock();
                }
                submitChunks(chunks, sizes, position);
                if (exhausted) {
                    lock.lock();
                    try {
                        if (inputError != null) {
                            put(submitted, new ItemError(inputError, 0, false, submitted));
                            submitted++;
                        }
                        total = submitted;
                        itemsChanged();
                    } finally {
                        lock.unlock();
                    }
                    host.mapSubmitted(callId, jobName, submitted);
                    return;
                }
            }
        } catch (InterruptedException e) {
            // Closed or terminated.
        } finally {
            host.feederFinished(this);
        }
    }

    /**
     * Wakes a waiting consumer after results arrived, unless in order and the one it waits for is not
     * among them (it would go back to sleep). Called with the lock held.
     */
    private void arrived() {
        if (consumersWaiting > 0 && (!ordered || ready.containsKey(consumed))) {
            itemReady.signalAll();
        }
    }

    /** Wakes a waiting consumer. Called with the lock held. */
    private void itemsChanged() {
        if (consumersWaiting > 0) {
            itemReady.signalAll();
        }
    }

    private void submitChunks(List<Object[]> chunks, List<Integer> sizes, long firstPosition) {
        List<Task> tasks = new ArrayList<>(chunks.size());
        long position = firstPosition;
        for (int i = 0; i < chunks.size(); i++) {
            int n = sizes.get(i);
            Task task = new Task(host.nextTaskId(), Task.MAP, function, chunks.get(i), 0, n, this, position, null);
            task.functionRef = functionRef;
            position += n;
            try {
                host.prepare(task);
                tasks.add(task);
            } catch (RuntimeException e) {
                failed(task, e);
            }
        }
        if (tasks.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            outstanding.addAll(tasks);
        } finally {
            lock.unlock();
        }
        try {
            host.enqueueFromFeeder(tasks);
        } catch (RuntimeException e) {
            tasks.forEach(task -> failed(task, e));
        }
    }

    // ------------------------------------------------------------------------------------ TaskSink

    @Override
    public long callId() {
        return callId;
    }

    @Override
    public void completed(Task task, @Nullable Object[] outcomes, long workerPid) {
        lock.lock();
        try {
            outstanding.remove(task);
            if (closed) {
                return;
            }
            for (int i = 0; i < outcomes.length; i++) {
                long position = task.firstIndex + i;
                Object outcome = outcomes[i];
                put(
                        position,
                        outcome instanceof Failure f ? new ItemError(f.error(), workerPid, true, position) : outcome);
            }
            arrived();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void failed(Task task, Throwable reason) {
        lock.lock();
        try {
            outstanding.remove(task);
            if (closed) {
                return;
            }
            for (int i = 0; i < task.outcomeCount(); i++) {
                put(task.firstIndex + i, new ItemError(reason, 0, false, task.firstIndex + i));
            }
            arrived();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String jobName() {
        return jobName;
    }

    private void put(long position, @Nullable Object outcome) {
        Object value = outcome == null ? NULL : outcome;
        if (ordered) {
            ready.put(position, value);
        } else {
            arrivals.add(value);
        }
    }

    // ------------------------------------------------------------------------------------ the pool's side

    /** The pool was shut down: read the rest of the input so that the pool can finish. */
    void unbound() {
        lock.lock();
        try {
            unbounded = true;
            spaceFree.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The pool was terminated: no more input; results not yet here fail (the pool fails their tasks). */
    void terminated(RuntimeException reason) {
        lock.lock();
        try {
            if (terminal == null) {
                terminal = reason;
            }
            spaceFree.signalAll();
            itemReady.signalAll();
        } finally {
            lock.unlock();
        }
        feeder.interrupt();
    }

    /** Abandons the rest. */
    void close() {
        List<Task> toCancel;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            toCancel = new ArrayList<>(outstanding);
            outstanding.clear();
            ready.clear();
            arrivals.clear();
            spaceFree.signalAll();
            itemReady.signalAll();
        } finally {
            lock.unlock();
        }
        feeder.interrupt();
        for (Task task : toCancel) {
            host.cancel(task, false);
        }
    }

    // ------------------------------------------------------------------------------------ the consumer's side

    private boolean hasNext() {
        lock.lock();
        try {
            while (true) {
                if (available()) {
                    return true;
                }
                if (closed || (total >= 0 && consumed >= total)) {
                    return false;
                }
                if (submitted > consumed || terminal != null) {
                    return true;
                }
                awaitItem(-1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("the next result of " + jobName, e);
        } finally {
            lock.unlock();
        }
    }

    /** Waits for a change; returns the nanos left ({@code nanos < 0}: no limit). Called with the lock held. */
    private long awaitItem(long nanos) throws InterruptedException {
        consumersWaiting++;
        try {
            if (nanos < 0) {
                itemReady.await();
                return -1;
            }
            return itemReady.awaitNanos(nanos);
        } finally {
            consumersWaiting--;
        }
    }

    private boolean available() {
        return ordered ? ready.containsKey(consumed) : !arrivals.isEmpty();
    }

    /** The next item; {@code timeoutNanos < 0} waits without limit. */
    private @Nullable Object next(long timeoutNanos, @Nullable Duration timeout) {
        Object item;
        lock.lock();
        try {
            long left = timeoutNanos;
            while (true) {
                item = ordered ? ready.remove(consumed) : arrivals.poll();
                if (item != null) {
                    consumed++;
                    if (feederWaiting && submitted - consumed <= lowWater) {
                        spaceFree.signal();
                    }
                    break;
                }
                if (closed) {
                    throw new NoSuchElementException("The results of this " + jobName + " were closed");
                }
                if (total >= 0 && consumed >= total) {
                    throw new NoSuchElementException(
                            "No more results: all " + total + " items of this " + jobName + " were returned");
                }
                if (terminal != null && submitted == consumed) {
                    RuntimeException reason = terminal;
                    closed = true;
                    throw reason;
                }
                if (timeoutNanos >= 0 && left <= 0) {
                    throw new ResultTimeoutException(
                            "No result of this " + jobName + " was ready within " + timeout
                                    + "; nothing is lost, call next() again",
                            timeout);
                }
                left = awaitItem(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("the next result of " + jobName, e);
        } finally {
            lock.unlock();
        }
        if (item == NULL) {
            return null;
        }
        if (item instanceof ItemError error) {
            if (error.remote()) {
                throw new TaskFailedException(
                        "Item " + error.position() + " of " + jobName + " failed"
                                + (error.pid() > 0 ? " in worker pid " + error.pid() : "") + ": " + error.error(),
                        error.pid(),
                        error.error());
            }
            if (error.error() instanceof RuntimeException e) {
                throw e;
            }
            throw new MultiprocessException(
                    "Item " + error.position() + " of " + jobName + " failed: " + error.error(), error.error());
        }
        return item;
    }

    /** The consumer's iterator; when it becomes unreachable the job is closed. */
    private static final class Results<R extends @Nullable Object> implements ResultIterator<R> {

        private final ImapJob job;
        private Cleaner.Cleanable cleanable;

        Results(ImapJob job) {
            this.job = job;
        }

        @Override
        public boolean hasNext() {
            return job.hasNext();
        }

        @Override
        @SuppressWarnings("unchecked")
        public R next() {
            return (R) job.next(-1, null);
        }

        @Override
        @SuppressWarnings("unchecked")
        public R next(Duration timeout) {
            return (R) job.next(Math.max(0, timeout.toNanos()), timeout);
        }

        @Override
        public void close() {
            cleanable.clean();
        }

        @Override
        public String toString() {
            return "ResultIterator[" + job.jobName + "]";
        }
    }
}
