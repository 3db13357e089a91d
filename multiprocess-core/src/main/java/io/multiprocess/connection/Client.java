package io.multiprocess.connection;

import io.multiprocess.InterruptedOperationException;
import io.multiprocess.MultiprocessException;
import io.multiprocess.internal.posix.NativeSocket;
import io.multiprocess.process.DefaultSettings;
import io.multiprocess.serialization.DeserializationPolicy;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
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
     * @param address a {@link java.net.UnixDomainSocketAddress}, {@link io.multiprocess.AbstractUnixAddress} or
     *     {@link java.net.InetSocketAddress}
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
        return connectResolved(address, Listener.keyOrDefault(authkey), maxFrameSize, handshakeTimeout, connectTimeout);
    }

    private static Connection connectResolved(
            SocketAddress address,
            byte @Nullable [] key,
            int maxFrameSize,
            Duration handshakeTimeout,
            Duration connectTimeout) {
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
        if (key != null) {
            Authentication.asClient(connection, key, System.nanoTime() + handshakeTimeout.toNanos());
        }
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

    /**
     * A builder for a connection to {@code address}: the place for options beyond {@code connect}'s, such
     * as {@linkplain Builder#withoutAuthentication() connecting without a key}.
     *
     * @param address a {@link java.net.UnixDomainSocketAddress}, {@link io.multiprocess.AbstractUnixAddress} or
     *     {@link java.net.InetSocketAddress}
     * @return the builder, with the defaults of {@link #connect(SocketAddress)}
     */
    public static Builder builder(SocketAddress address) {
        return new Builder(address);
    }

    /** Options for {@link Client#builder(SocketAddress)}; each call returns this builder. */
    public static final class Builder {
        private final SocketAddress address;
        private byte @Nullable [] authkey;
        private boolean authenticate = true;
        private int maxFrameSize = Listener.DEFAULT_MAX_FRAME;
        private Duration handshakeTimeout = Listener.DEFAULT_HANDSHAKE_TIMEOUT;
        private @Nullable Duration connectTimeout;
        private @Nullable DeserializationPolicy policy;

        private Builder(SocketAddress address) {
            this.address = Objects.requireNonNull(address, "address");
        }

        /**
         * The shared key (by default the current process's).
         *
         * @param authkey the key, at least one byte
         * @return this builder
         */
        public Builder authkey(byte[] authkey) {
            this.authkey = Objects.requireNonNull(authkey, "authkey").clone();
            this.authenticate = true;
            return this;
        }

        /**
         * Connects without the handshake, as Python's {@code Client(address, authkey=None)} does when the
         * current process has no key. Only a listener opened {@linkplain Listener.Builder#withoutAuthentication()
         * without a key} talks to such a client; a listener with a key drops it when its handshake times out.
         *
         * @return this builder
         */
        public Builder withoutAuthentication() {
            this.authkey = null;
            this.authenticate = false;
            return this;
        }

        /**
         * The largest message sent or accepted.
         *
         * @param bytes the limit
         * @return this builder
         */
        public Builder maxFrameSize(int bytes) {
            this.maxFrameSize = bytes;
            return this;
        }

        /**
         * How long the handshake may take; also how long a frame may stall half-way.
         *
         * @param timeout the limit
         * @return this builder
         */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * How long reaching a TCP address may take (by default the handshake timeout).
         *
         * @param timeout the limit
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * What the listener's messages may make this process instantiate (by default
         * {@link DeserializationPolicy#defaults()}).
         *
         * @param policy the policy, resolved for the address
         * @return this builder
         */
        public Builder deserializationPolicy(DeserializationPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Connects, and authenticates unless {@link #withoutAuthentication()} was asked for.
         *
         * @return the connection
         * @throws MultiprocessException if nobody listens there, or the host did not answer in time
         * @throws io.multiprocess.AuthenticationException if the keys differ or the listener does not answer
         *     the handshake in time
         */
        public Connection connect() {
            Duration reach = connectTimeout == null ? handshakeTimeout : connectTimeout;
            Connection connection = connectResolved(
                    address,
                    authenticate ? Listener.keyOrDefault(authkey) : null,
                    maxFrameSize,
                    handshakeTimeout,
                    reach);
            DeserializationPolicy chosen = policy;
            if (chosen != null) {
                connection.setDeserializationPolicy(chosen.forAddress(address));
            }
            return connection;
        }
    }
}
