package io.multiprocess.internal.ipc;

import io.multiprocess.AuthenticationException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Internal: the HMAC-SHA256 challenge and response that both ends of a channel pass before a single
 * byte is deserialized. Python's {@code deliver_challenge} / {@code answer_challenge}.
 *
 * <p>The challenger sends {@code "#CHALLENGE#{sha256}"} and 32 random bytes; the other end answers with
 * the HMAC of that whole message under the shared key; the challenger compares in constant time and
 * replies {@code "#WELCOME#"} or {@code "#FAILURE#"}. A server challenges first, then answers the
 * client's challenge, so each side proves the key to the other. Every frame read here is limited to
 * {@value #MAX_FRAME} bytes and to the handshake's deadline.
 */
public final class ChallengeResponse {

    /** The largest frame a handshake reads. */
    public static final int MAX_FRAME = 256;

    private static final byte[] CHALLENGE = "#CHALLENGE#{sha256}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WELCOME = "#WELCOME#".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FAILURE = "#FAILURE#".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private ChallengeResponse() {}

    /**
     * Server side: challenge the peer, then answer its challenge.
     *
     * @param channel       the channel
     * @param key           the shared key
     * @param deadlineNanos when the whole handshake must be done
     * @throws AuthenticationException if the peer does not hold the key
     */
    public static void asServer(FrameChannel channel, byte[] key, long deadlineNanos) {
        deliverChallenge(channel, key, deadlineNanos);
        answerChallenge(channel, key, deadlineNanos);
    }

    /**
     * Client side: answer the server's challenge, then challenge it.
     *
     * @param channel       the channel
     * @param key           the shared key
     * @param deadlineNanos when the whole handshake must be done
     * @throws AuthenticationException if the peer does not hold the key
     */
    public static void asClient(FrameChannel channel, byte[] key, long deadlineNanos) {
        answerChallenge(channel, key, deadlineNanos);
        deliverChallenge(channel, key, deadlineNanos);
    }

    private static void deliverChallenge(FrameChannel channel, byte[] key, long deadlineNanos) {
        byte[] message = Arrays.copyOf(CHALLENGE, CHALLENGE.length + 32);
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        System.arraycopy(nonce, 0, message, CHALLENGE.length, 32);
        channel.sendFrame(message);
        byte[] response = channel.receiveFrame(MAX_FRAME, deadlineNanos);
        if (!MessageDigest.isEqual(response, hmac(key, message))) {
            channel.sendFrame(FAILURE);
            throw new AuthenticationException(
                    "The peer's digest was wrong: it does not hold the same authentication key; "
                            + "check that both sides use the same authkey");
        }
        channel.sendFrame(WELCOME);
    }

    private static void answerChallenge(FrameChannel channel, byte[] key, long deadlineNanos) {
        byte[] message = channel.receiveFrame(MAX_FRAME, deadlineNanos);
        if (message.length < CHALLENGE.length + 16
                || !Arrays.equals(message, 0, CHALLENGE.length, CHALLENGE, 0, CHALLENGE.length)) {
            throw new AuthenticationException("Protocol error: expected an authentication challenge, received "
                    + message.length + " other bytes");
        }
        channel.sendFrame(hmac(key, message));
        byte[] verdict = channel.receiveFrame(MAX_FRAME, deadlineNanos);
        if (!Arrays.equals(verdict, WELCOME)) {
            throw new AuthenticationException("The peer rejected our digest: it holds a different authentication key; "
                    + "check that both sides use the same authkey");
        }
    }

    /**
     * HMAC-SHA256 of a message.
     *
     * @param key     the key
     * @param message the message
     * @return the 32-byte digest
     */
    public static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
