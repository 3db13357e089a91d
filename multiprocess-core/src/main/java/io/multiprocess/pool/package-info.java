/**
 * Pools of workers: Python's {@code multiprocessing.pool}.
 *
 * <p>{@link io.multiprocess.pool.Pool} is the API (Python's methods, and a JDK
 * {@link java.util.concurrent.ExecutorService}); a context's {@code pool()} runs tasks in worker
 * processes, {@link io.multiprocess.pool.ThreadPool} on threads. {@link io.multiprocess.pool.AsyncResult}
 * is Python's {@code AsyncResult} and a {@link java.util.concurrent.Future};
 * {@link io.multiprocess.pool.ResultIterator} is the lazy iterator of {@code imap}.
 *
 * <p>How a process pool works: each worker is a daemon child JVM that connects back to a Unix-domain
 * socket of the pool (in the process's private 0700 directory) and proves itself with a random token
 * it received in its process object; frames carry tasks and results, serialized with the context's
 * serializer (common value types such as integers and strings are written directly). A worker runs its
 * tasks one at a time and answers each before it starts the next, so the pool always knows which task
 * a worker was running when it died.
 *
 * <p>Inside (all package-private): {@code AbstractPool} implements Python's API and the life cycle for
 * every pool, on an engine that runs tasks ({@code ProcessPool}, {@code ThreadPool},
 * {@code RemotePool}); it delegates the {@code ExecutorService} methods to {@code ExecutorServiceAdapter}.
 * A task reaches a worker this way: the calling thread (or, for {@code imap}, the job's input thread,
 * {@code ImapJob}) cuts the items into tasks, serializes them, and queues them under the pool's lock;
 * a process pool hands them to the workers that have room, and each worker's writer thread
 * ({@code WorkerHandle}) sends them in batches. The worker's reader thread ({@code WorkerConnections})
 * receives each result and reports it to the pool ({@code WorkerEvents}), which completes the task's
 * sink: an {@code AsyncResult}, whose callbacks then run on the pool's callback thread
 * ({@code PoolCallbacks}), or the buffer of an {@code ImapJob}. Each of these pieces sees the pool only
 * through a narrow interface ({@code WorkerEvents}, {@code JobHost}, {@code ExecutorServiceAdapter.Host},
 * or the callback {@code Executor}).
 */
@NullMarked
package io.multiprocess.pool;

import org.jspecify.annotations.NullMarked;
