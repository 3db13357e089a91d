package io.multiprocess.connection;

import io.multiprocess.InterruptedOperationException;
import io.multiprocess.MultiprocessException;
import io.multiprocess.internal.posix.NativeSocket;
import io.multiprocess.process.DefaultSettings;
import io.multiprocess.serialization.DeserializationPolicy;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Opens authenticated connections to a {@link Listener}. Python's
 * {@code multiprocessing.connection.Client(address, family, authkey)}.
 *
 * <p>The handshake: the listener challenges with 32 random bytes, the client answers with their
 * HMAC-SHA256 under the shared key; then the client challenges the listener the same way. Either side
 * raises {@link io.multiprocess.AuthenticationException} (and closes) when the other fails.
 */
public final class Client {

    private Client() {}

    /**
     * Connects with the current process's authentication key.
     *
     * @param address the listener's address
     * @return the connection
     */
    public static Connection connect(SocketAddress address) {
        return connect(address, null);
    }

    /**
     * Connects and authenticates.
     *
     * @param address a {@link java.net.UnixDomainSocketAddress} or {@link java.net.InetSocketAddress}
     * @param authkey the shared key; null for the current process's
     * @return the connection, with the listener's default limits
     * @throws MultiprocessException if nobody listens there
     * @throws io.multiprocess.AuthenticationException if the keys differ or the listener does not answer
     *     the handshake in time
     */
    public static Connection connect(SocketAddress address, byte @Nullable [] authkey) {
        return connect(address, authkey, Listener.DEFAULT_MAX_FRAME, Listener.DEFAULT_HANDSHAKE_TIMEOUT);
    }

    /**
     * Connects with explicit limits.
     *
     * @param address          the listener's address
     * @param authkey          the shared key; null for the current process's
     * @param maxFrameSize     the largest message sent or accepted
     * @param handshakeTimeout how long connecting (to a TCP address) and the handshake may each take; also
     *                         how long a frame may stall half-way
     * @return the connection
     */
    public static Connection connect(
            SocketAddress address, byte @Nullable [] authkey, int maxFrameSize, Duration handshakeTimeout) {
        return connect(address, authkey, maxFrameSize, handshakeTimeout, handshakeTimeout);
    }

    /**
     * Connects with explicit limits, and a limit of its own for reaching a TCP address: a host that is
     * down or cut off answers nothing, and without one the kernel's retries take a minute or more.
     *
     * @param address          the listener's address
     * @param authkey          the shared key; null for the current process's
     * @param maxFrameSize     the largest message sent or accepted
     * @param handshakeTimeout how long the handshake may take; also how long a frame may stall half-way
     * @param connectTimeout   how long reaching a TCP address may take
     * @return the connection
     * @throws MultiprocessException if nobody listens there, or the host did not answer in time
     */
    public static Connection connect(
            SocketAddress address,
            byte @Nullable [] authkey,
            int maxFrameSize,
            Duration handshakeTimeout,
            Duration connectTimeout) {
        byte[] key = Listener.keyOrDefault(authkey);
        NativeSocket socket;
        try {
            socket = NativeSocket.connect(address, System.nanoTime() + connectTimeout.toNanos());
        } catch (IOException e) {
            throw new MultiprocessException(
                    "Cannot connect to " + address + ": " + e.getMessage() + "; is a Listener open there?", e);
        } catch (InterruptedException e) {
            throw new InterruptedOperationException("connecting to " + address, e);
        }
        Connection connection = new Connection(
                socket,
                true,
                true,
                maxFrameSize,
                handshakeTimeout,
                DefaultSettings.get().serializer());
        Authentication.asClient(connection, key, System.nanoTime() + handshakeTimeout.toNanos());
        connection.setDeserializationPolicy(DeserializationPolicy.defaults().forAddress(address));
        return connection;
    }

    /**
     * Connects with explicit limits and a deserialization policy for what the connection
     * {@linkplain Connection#recv() receives}; the other methods apply
     * {@link DeserializationPolicy#defaults()}.
     *
     * @param address          the listener's address
     * @param authkey          the shared key; null for the current process's
     * @param maxFrameSize     the largest message sent or accepted
     * @param handshakeTimeout how long the handshake may take; also how long a frame may stall half-way
     * @param policy           what the listener's messages may make this process instantiate, resolved for
     *                         {@code address} (by default enforced on non-loopback TCP addresses only)
     * @return the connection
     */
    public static Connection connect(
            SocketAddress address,
            byte @Nullable [] authkey,
            int maxFrameSize,
            Duration handshakeTimeout,
            DeserializationPolicy policy) {
        Connection connection = connect(address, authkey, maxFrameSize, handshakeTimeout);
        connection.setDeserializationPolicy(policy.forAddress(address));
        return connection;
    }
}
