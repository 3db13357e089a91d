package io.multiprocess.pool;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import org.jspecify.annotations.Nullable;

/**
 * What {@link WorkerConnections} reports to the pool about its workers' sockets, and the little it asks
 * of it: all it knows of the pool. {@link ProcessPool} implements it; each report is made on the thread
 * that read it (the acceptor, or the worker's reader), which takes the pool's lock as it needs. Its
 * {@code toString()} names the pool in log messages. Internal.
 */
interface WorkerEvents {

    /**
     * A connection said hello with {@code token} as worker {@code id}: attach it, if that worker is
     * waiting for its connection and the token is its own.
     *
     * @param id      the worker's id, as it said it
     * @param token   the token it proved itself with
     * @param channel the connection
     * @return the worker, or null to refuse the connection
     */
    @Nullable
    WorkerHandle attach(int id, byte[] token, SocketChannel channel);

    /**
     * A worker's control connection (on which the pool asks for queued tasks back) said hello.
     *
     * @param id      the worker's id, as it said it
     * @param token   the token it proved itself with
     * @param channel the connection
     * @return false to refuse the connection
     */
    boolean attachControl(int id, byte[] token, SocketChannel channel);

    /**
     * The worker ran its initializer and waits for tasks.
     *
     * @param worker the worker
     */
    void onReady(WorkerHandle worker);

    /**
     * The worker answered the task it was running.
     *
     * @param worker the worker
     * @param in     the reader, positioned on the RESULT frame
     * @throws IOException if the frame does not answer that task ({@link Frames.ProtocolException})
     */
    void onResult(WorkerHandle worker, Frames.Reader in) throws IOException;

    /**
     * The worker gave back tasks it held and had not started.
     *
     * @param worker  the worker
     * @param taskIds the ids of the tasks it gave back
     */
    void onReclaimed(WorkerHandle worker, long[] taskIds);

    /**
     * The worker's initializer threw; the worker exits.
     *
     * @param worker the worker
     * @param error  what the initializer threw, or the library's exception if that could not be read
     */
    void initFailed(WorkerHandle worker, Throwable error);

    /**
     * The worker says why it is about to exit.
     *
     * @param worker the worker
     * @param reason its words
     */
    void dying(WorkerHandle worker, String reason);

    /**
     * The worker sent something that breaks the protocol: it is killed.
     *
     * @param worker the worker
     * @param error  what was wrong
     */
    void protocolError(WorkerHandle worker, Exception error);

    /**
     * The worker's data connection ended (and was closed); its exit tells the rest.
     *
     * @param worker the worker
     */
    void channelClosed(WorkerHandle worker);

    /**
     * Whether the pool was shut down or terminated: a connection that fails its handshake then is a late
     * worker's, not worth a warning.
     *
     * @return true once the pool no longer runs
     */
    boolean isShutdown();

    /**
     * A name for one of the pool's threads.
     *
     * @param role what the thread does, e.g. "reader"
     * @return the name
     */
    String threadName(String role);
}
