package io.multiprocess.connection;

import io.multiprocess.AuthenticationException;
import io.multiprocess.MultiprocessException;
import io.multiprocess.internal.ipc.ChallengeResponse;
import io.multiprocess.internal.ipc.FrameChannel;

/**
 * The HMAC-SHA256 challenge and response that both ends of a connection pass before a single byte is
 * deserialized ({@link ChallengeResponse} over a {@link Connection}). Python's {@code deliver_challenge}
 * / {@code answer_challenge}. A listener challenges first, then answers the client's challenge; every
 * frame read is limited to {@value #MAX_FRAME} bytes and to the handshake's deadline.
 */
final class Authentication {

    static final int MAX_FRAME = ChallengeResponse.MAX_FRAME;

    private Authentication() {}

    /** Server side: challenge, then answer. */
    static void asServer(Connection connection, byte[] key, long deadlineNanos) {
        try {
            ChallengeResponse.asServer(channel(connection), key, deadlineNanos);
        } catch (AuthenticationException e) {
            connection.closeQuietly();
            throw e;
        } catch (MultiprocessException e) {
            connection.closeQuietly();
            throw new AuthenticationException(
                    "The peer did not complete the authentication handshake: " + e.getMessage(), e);
        }
    }

    /** Client side: answer, then challenge. */
    static void asClient(Connection connection, byte[] key, long deadlineNanos) {
        try {
            ChallengeResponse.asClient(channel(connection), key, deadlineNanos);
        } catch (AuthenticationException e) {
            connection.closeQuietly();
            throw e;
        } catch (MultiprocessException e) {
            connection.closeQuietly();
            throw new AuthenticationException(
                    "The listener did not complete the authentication handshake: " + e.getMessage(), e);
        }
    }

    private static FrameChannel channel(Connection connection) {
        return new FrameChannel() {
            @Override
            public void sendFrame(byte[] frame) {
                connection.sendBytes(frame);
            }

            @Override
            public byte[] receiveFrame(int limit, long deadlineNanos) {
                return connection.readFrame(limit, deadlineNanos);
            }
        };
    }
}
