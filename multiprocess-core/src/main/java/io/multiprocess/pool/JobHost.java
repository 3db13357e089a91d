package io.multiprocess.pool;

import java.util.List;

/**
 * What an {@link ImapJob} needs of its pool, and all it knows of it: the pool's size (for how far ahead
 * the input is read), a thread name and task ids, the engine's {@code prepare}, {@code enqueue} and
 * {@code cancel}, and the bookkeeping of running feeders (which shutdown and terminate reach). Implemented
 * inside {@link AbstractPool}. Internal.
 */
interface JobHost {

    /**
     * The pool's number of workers.
     *
     * @return at least 1
     */
    int processes();

    /**
     * A name for one of the pool's threads.
     *
     * @param role what the thread does, e.g. "imap-input"
     * @return the name
     */
    String threadName(String role);

    /**
     * A new task id, unique in the pool.
     *
     * @return the id
     */
    long nextTaskId();

    /**
     * Makes a task ready to send (a process pool serializes its items), on the feeder's thread.
     *
     * @param task the task
     * @throws RuntimeException if it cannot be, e.g. {@link io.multiprocess.SerializationException}
     */
    void prepare(Task task);

    /**
     * What a feeder's thread runs, with the starting thread's context (a trace) made current there by the
     * pool's {@link TaskContextPropagator}; called on the thread that starts the job.
     *
     * @param feeder the feeder's loop
     * @return the loop to run
     */
    Runnable inCallerContext(Runnable feeder);

    /**
     * Queues a feeder's tasks, all or none: accepted until the pool is terminated.
     *
     * @param tasks the tasks
     * @throws PoolTerminatedException if the pool was terminated or broke down
     */
    void enqueueFromFeeder(List<Task> tasks);

    /**
     * Drops a task that has not started; stops a running one if {@code interrupt}. Its sink is not called.
     *
     * @param task      the task
     * @param interrupt whether to stop it if it runs
     */
    void cancel(Task task, boolean interrupt);

    /**
     * Registers a job whose feeder is about to start, so that shutdown and terminate reach it.
     *
     * @param job the job
     * @throws io.multiprocess.ProcessStateException if the pool no longer accepts tasks
     */
    void feederStarted(ImapJob job);

    /**
     * The job's feeder ended (or could not start): a shut-down pool may be done now.
     *
     * @param job the job
     */
    void feederFinished(ImapJob job);

    /**
     * Tells the pool's listener that an imap was submitted, or that its size became known.
     *
     * @param callId  the job's id
     * @param jobName the job's name
     * @param items   how many items, or -1 while not known
     */
    void mapSubmitted(long callId, String jobName, long items);
}
