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
 */
package io.multiprocess.pool;
