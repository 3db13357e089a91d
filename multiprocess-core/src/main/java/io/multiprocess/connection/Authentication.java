package io.multiprocess.connection;

import io.multiprocess.AuthenticationException;
import io.multiprocess.MultiprocessException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 challenge and response that both ends of a connection pass before a single byte is
 * deserialized. Python's {@code deliver_challenge} / {@code answer_challenge}.
 *
 * <p>The challenger sends {@code "#CHALLENGE#{sha256}"} and 32 random bytes; the other end answers with
 * the HMAC of that whole message under the shared key; the challenger compares in constant time and
 * replies {@code "#WELCOME#"} or {@code "#FAILURE#"}. A listener challenges first, then answers the
 * client's challenge, so each side proves the key to the other. Every frame read here is limited to
 * {@value #MAX_FRAME} bytes and to the handshake's deadline.
 */
final class Authentication {

    static final int MAX_FRAME = 256;
    private static final byte[] CHALLENGE = "#CHALLENGE#{sha256}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WELCOME = "#WELCOME#".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FAILURE = "#FAILURE#".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private Authentication() {
    }

    /** Server side: challenge, then answer. */
    static void asServer(Connection connection, byte[] key, long deadlineNanos) {
        try {
            deliverChallenge(connection, key, deadlineNanos);
            answerChallenge(connection, key, deadlineNanos);
        } catch (AuthenticationException e) {
            connection.closeQuietly();
            throw e;
        } catch (MultiprocessException e) {
            connection.closeQuietly();
            throw new AuthenticationException("The peer did not complete the authentication handshake: " + e.getMessage(), e);
        }
    }

    /** Client side: answer, then challenge. */
    static void asClient(Connection connection, byte[] key, long deadlineNanos) {
        try {
            answerChallenge(connection, key, deadlineNanos);
            deliverChallenge(connection, key, deadlineNanos);
        } catch (AuthenticationException e) {
            connection.closeQuietly();
            throw e;
        } catch (MultiprocessException e) {
            connection.closeQuietly();
            throw new AuthenticationException("The listener did not complete the authentication handshake: "
                + e.getMessage(), e);
        }
    }

    private static void deliverChallenge(Connection connection, byte[] key, long deadlineNanos) {
        byte[] message = Arrays.copyOf(CHALLENGE, CHALLENGE.length + 32);
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        System.arraycopy(nonce, 0, message, CHALLENGE.length, 32);
        connection.sendBytes(message);
        byte[] response = connection.readFrame(MAX_FRAME, deadlineNanos);
        if (!MessageDigest.isEqual(response, hmac(key, message))) {
            connection.sendBytes(FAILURE);
            throw new AuthenticationException("The peer's digest was wrong: it does not hold the same authentication key; "
                + "check that both sides use the same authkey");
        }
        connection.sendBytes(WELCOME);
    }

    private static void answerChallenge(Connection connection, byte[] key, long deadlineNanos) {
        byte[] message = connection.readFrame(MAX_FRAME, deadlineNanos);
        if (message.length < CHALLENGE.length + 16
            || !Arrays.equals(message, 0, CHALLENGE.length, CHALLENGE, 0, CHALLENGE.length)) {
            throw new AuthenticationException("Protocol error: expected an authentication challenge, received "
                + message.length + " other bytes");
        }
        connection.sendBytes(hmac(key, message));
        byte[] verdict = connection.readFrame(MAX_FRAME, deadlineNanos);
        if (!Arrays.equals(verdict, WELCOME)) {
            throw new AuthenticationException("The peer rejected our digest: it holds a different authentication key; "
                + "check that both sides use the same authkey");
        }
    }

    static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
