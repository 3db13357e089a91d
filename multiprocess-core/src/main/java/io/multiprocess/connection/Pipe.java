package io.multiprocess.connection;

import io.multiprocess.internal.posix.NativeSocket;
import io.multiprocess.process.DefaultSettings;
import io.multiprocess.serialization.Serializer;
import java.util.Objects;

/**
 * The two connected ends of a pipe. Python's {@code multiprocessing.Pipe(duplex)}, which returns the
 * pair {@code (conn1, conn2)}: here {@link #first()} and {@link #second()}.
 *
 * <p>Backed by a Unix-domain socket pair. Duplex: both ends send and receive. One-way
 * ({@code duplex = false}): {@link #first()} only receives and {@link #second()} only sends, as in
 * Python; the wrong direction raises {@link io.multiprocess.ProcessStateException}.
 *
 * <pre>{@code
 * Pipe pipe = Pipe.open(true);
 * Connection parentEnd = pipe.first(), childEnd = pipe.second();
 * ChildProcess p = Multiprocess.process(() -> childEnd.send("hello"));
 * p.start();
 * childEnd.close();                     // the parent's copy; the child has its own
 * String hello = parentEnd.receive();
 * }</pre>
 *
 * @param first  the first end (receive-only for a one-way pipe)
 * @param second the second end (send-only for a one-way pipe)
 */
public record Pipe(Connection first, Connection second) implements AutoCloseable {

    /**
     * Both ends.
     *
     * @param first  the first end
     * @param second the second end
     */
    public Pipe {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
    }

    /**
     * A new pipe with the default context's serializer.
     *
     * @param duplex true for two-way, false for one-way (first receives, second sends)
     * @return the pipe
     * @throws io.multiprocess.MultiprocessException if the system has no descriptors left
     */
    public static Pipe open(boolean duplex) {
        return open(duplex, DefaultSettings.get().serializer(), Connection.DEFAULT_PIPE_MAX_FRAME);
    }

    /**
     * A new pipe.
     *
     * @param duplex       true for two-way, false for one-way (first receives, second sends)
     * @param serializer   how objects are serialized by {@code send}/{@code recv}
     * @param maxFrameSize the largest message either end sends or accepts
     * @return the pipe
     */
    public static Pipe open(boolean duplex, Serializer serializer, int maxFrameSize) {
        NativeSocket[] pair = NativeSocket.pair();
        return new Pipe(
                new Connection(pair[0], true, duplex, maxFrameSize, null, serializer, null, true),
                new Connection(pair[1], duplex, true, maxFrameSize, null, serializer, null, true));
    }

    /** Closes both ends (those of this process). */
    @Override
    public void close() {
        first.close();
        second.close();
    }
}
