package io.multiprocess.pool;

import io.multiprocess.InterruptedOperationException;
import io.multiprocess.MultiprocessException;
import io.multiprocess.ResultTimeoutException;
import io.multiprocess.TaskFailedException;
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
import java.util.concurrent.TimeUnit;

/**
 * One run of {@code imap} or {@code imapUnordered}: a thread that reads the input in chunks and
 * submits them while the consumer is less than {@link #capacity} items behind, and the buffer of
 * results waiting for the consumer. Python's {@code IMapIterator} and the task-handler thread that
 * feeds it; unlike Python's (gh-101586), the input is read lazily. Internal.
 *
 * <p>Positions count items from 0 in input order. Invariant, under {@link #lock}:
 * {@code consumed <= submitted}, and the feeder never lets {@code submitted - consumed} exceed
 * {@code capacity} (until the pool is shut down: then the rest of the input is read, so that the
 * pool can finish its work as Python's {@code close()} lets it).
 */
final class ImapJob implements TaskSink {

    private static final Cleaner CLEANER = Cleaner.create(runnable -> {
        Thread thread = new Thread(runnable, "multiprocess-imap-cleaner");
        thread.setDaemon(true);
        return thread;
    });

    private static final Object NULL = new Object();

    /** An item that will not have a value: the task threw (remote) or could not run. */
    private record ItemError(Throwable error, long pid, boolean remote, long position) {
    }

    private final AbstractPool pool;
    private final String jobName;
    private final boolean ordered;
    private final int chunksize;
    private final Object function;
    private final FunctionRef functionRef;
    private final Iterator<?> input;
    private final long capacity;

    private final Object lock = new Object();
    private long submitted;
    private long consumed;
    private long total = -1;
    private boolean closed;
    private RuntimeException terminal;
    private boolean unbounded;
    private final Map<Long, Object> ready = new HashMap<>();
    private final ArrayDeque<Object> arrivals = new ArrayDeque<>();
    private final Set<Task> outstanding = new HashSet<>();
    private Thread feeder;

    private ImapJob(AbstractPool pool, String jobName, boolean ordered, int chunksize, Object function,
        FunctionRef functionRef, Iterator<?> input) {
        this.pool = pool;
        this.jobName = jobName;
        this.ordered = ordered;
        this.chunksize = chunksize;
        this.function = function;
        this.functionRef = functionRef;
        this.input = input;
        this.capacity = Math.max(64L * pool.processes(), (2L * pool.processes() + 1) * chunksize);
    }

    /** Starts a job and its input thread; returns the consumer's iterator. */
    static <R> ResultIterator<R> start(AbstractPool pool, String jobName, boolean ordered, int chunksize, Object function,
        FunctionRef functionRef, Iterator<?> input) {
        ImapJob job = new ImapJob(pool, jobName, ordered, chunksize, function, functionRef, input);
        pool.feederStarted(job);
        Thread thread = new Thread(job::feed, pool.threadName("imap-input"));
        thread.setDaemon(true);
        job.feeder = thread;
        try {
            thread.start();
        } catch (Error | RuntimeException e) {
            pool.feederFinished(job);
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
                synchronized (lock) {
                    while (!closed && terminal == null && !unbounded && submitted - consumed + chunksize > capacity) {
                        lock.wait();
                    }
                    if (closed || terminal != null) {
                        return;
                    }
                }
                Object[] chunk = new Object[chunksize];
                int n = 0;
                Throwable inputError = null;
                try {
                    while (n < chunksize && input.hasNext()) {
                        Object item = input.next();
                        chunk[n++] = item;
                    }
                } catch (Throwable t) {
                    inputError = t;
                }
                long position;
                synchronized (lock) {
                    if (closed || terminal != null) {
                        return;
                    }
                    position = submitted;
                    submitted += n;
                }
                if (n > 0) {
                    submitChunk(chunk, n, position);
                }
                if (inputError != null || n < chunksize) {
                    synchronized (lock) {
                        if (inputError != null) {
                            put(submitted, new ItemError(inputError, 0, false, submitted));
                            submitted++;
                        }
                        total = submitted;
                        lock.notifyAll();
                    }
                    return;
                }
            }
        } catch (InterruptedException e) {
            // Closed or terminated.
        } finally {
            pool.feederFinished(this);
        }
    }

    private void submitChunk(Object[] chunk, int n, long position) {
        Task task = new Task(pool.nextTaskId(), Task.MAP, function, chunk, 0, n, this, position, null);
        task.functionRef = functionRef;
        try {
            pool.prepare(task);
            synchronized (lock) {
                outstanding.add(task);
            }
            pool.enqueue(List.of(task), AbstractPool.Origin.FEEDER);
        } catch (RuntimeException e) {
            synchronized (lock) {
                outstanding.remove(task);
            }
            failed(task, e);
        }
    }

    // ------------------------------------------------------------------------------------ TaskSink

    @Override
    public void completed(Task task, Object[] outcomes, long workerPid) {
        synchronized (lock) {
            outstanding.remove(task);
            if (closed) {
                return;
            }
            for (int i = 0; i < outcomes.length; i++) {
                long position = task.firstIndex + i;
                Object outcome = outcomes[i];
                put(position, outcome instanceof Failure f ? new ItemError(f.error(), workerPid, true, position) : outcome);
            }
            lock.notifyAll();
        }
    }

    @Override
    public void failed(Task task, Throwable reason) {
        synchronized (lock) {
            outstanding.remove(task);
            if (closed) {
                return;
            }
            for (int i = 0; i < task.outcomeCount(); i++) {
                put(task.firstIndex + i, new ItemError(reason, 0, false, task.firstIndex + i));
            }
            lock.notifyAll();
        }
    }

    @Override
    public String jobName() {
        return jobName;
    }

    private void put(long position, Object outcome) {
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
        synchronized (lock) {
            unbounded = true;
            lock.notifyAll();
        }
    }

    /** The pool was terminated: no more input; results not yet here fail (the pool fails their tasks). */
    void terminated(RuntimeException reason) {
        synchronized (lock) {
            if (terminal == null) {
                terminal = reason;
            }
            lock.notifyAll();
        }
        feeder.interrupt();
    }

    /** Abandons the rest. */
    void close() {
        List<Task> toCancel;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            toCancel = new ArrayList<>(outstanding);
            outstanding.clear();
            ready.clear();
            arrivals.clear();
            lock.notifyAll();
        }
        feeder.interrupt();
        for (Task task : toCancel) {
            pool.cancel(task, false);
        }
    }

    // ------------------------------------------------------------------------------------ the consumer's side

    private boolean hasNext() {
        synchronized (lock) {
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
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedOperationException("the next result of " + jobName, e);
                }
            }
        }
    }

    private boolean available() {
        return ordered ? ready.containsKey(consumed) : !arrivals.isEmpty();
    }

    /** The next item; {@code timeoutNanos < 0} waits without limit. */
    private Object next(long timeoutNanos, Duration timeout) {
        Object item;
        synchronized (lock) {
            long deadline = System.nanoTime() + timeoutNanos;
            while (true) {
                item = ordered ? ready.remove(consumed) : arrivals.poll();
                if (item != null) {
                    consumed++;
                    lock.notifyAll();
                    break;
                }
                if (closed) {
                    throw new NoSuchElementException("The results of this " + jobName + " were closed");
                }
                if (total >= 0 && consumed >= total) {
                    throw new NoSuchElementException("No more results: all " + total + " items of this " + jobName
                        + " were returned");
                }
                if (terminal != null && submitted == consumed) {
                    RuntimeException reason = terminal;
                    closed = true;
                    throw reason;
                }
                try {
                    if (timeoutNanos < 0) {
                        lock.wait();
                    } else {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            throw new ResultTimeoutException("No result of this " + jobName + " was ready within "
                                + timeout + "; nothing is lost, call next() again", timeout);
                        }
                        TimeUnit.NANOSECONDS.timedWait(lock, left);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedOperationException("the next result of " + jobName, e);
                }
            }
        }
        if (item == NULL) {
            return null;
        }
        if (item instanceof ItemError error) {
            if (error.remote()) {
                throw new TaskFailedException("Item " + error.position() + " of " + jobName + " failed"
                    + (error.pid() > 0 ? " in worker pid " + error.pid() : "") + ": " + error.error(), error.pid(),
                    error.error());
            }
            if (error.error() instanceof RuntimeException e) {
                throw e;
            }
            throw new MultiprocessException("Item " + error.position() + " of " + jobName + " failed: " + error.error(),
                error.error());
        }
        return item;
    }

    /** The consumer's iterator; when it becomes unreachable the job is closed. */
    private static final class Results<R> implements ResultIterator<R> {

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
