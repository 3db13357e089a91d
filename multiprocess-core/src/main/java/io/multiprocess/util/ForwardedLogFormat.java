package io.multiprocess.util;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The stream a child writes its log lines to, on the connection to its parent's {@link ChildLogReceiver}:
 * <pre>
 * hello    process name (string), pid (8)                      once, first
 * line     level (1, SLF4J's int), logger name, thread name, message (with the stack trace of its
 *          throwable, if any), MDC entry count (4), then each key and value
 * </pre>
 * Strings are a length (4) and UTF-8 bytes. Nothing is deserialized as objects: a peer can only make the
 * parent log text, and only a process of the same user can reach the socket (a 0700 directory).
 */
final class ForwardedLogFormat {

    /** The longest string accepted, so a corrupt length cannot make the reader allocate gigabytes. */
    static final int MAX_STRING = 16 << 20;

    private ForwardedLogFormat() {}

    static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_STRING) {
            throw new IOException("Corrupt forwarded log line: a string of " + length + " bytes");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
