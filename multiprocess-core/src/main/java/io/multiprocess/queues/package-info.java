/**
 * Queues shared by processes: {@link io.multiprocess.queues.ProcessQueue},
 * {@link io.multiprocess.queues.SimpleQueue} and {@link io.multiprocess.queues.JoinableQueue}, all
 * {@link java.util.concurrent.BlockingQueue}s. Python's {@code multiprocessing.queues}.
 */
@NullMarked
package io.multiprocess.queues;

import org.jspecify.annotations.NullMarked;
