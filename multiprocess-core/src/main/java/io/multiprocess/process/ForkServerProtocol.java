package io.multiprocess.process;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages between a forkserver client (a JVM that starts processes) and its server, over a
 * Unix-domain socket that only the two of them hold. Every field is big-endian; strings are UTF-8 with
 * an int length; lists are an int count, then the items.
 *
 * <pre>
 * client -&gt; server
 *   START   (1)  long request id, configuration, string output, string error, bytes frame
 *   SIGNAL  (2)  long pid, int signal (15 or 9)
 *   STATUS  (3)  long request id
 *   PREPARE (4)  configuration
 * server -&gt; client
 *   STARTED (1)  long request id, long pid
 *   FAILED  (2)  long request id, string message
 *   EXITED  (3)  long pid, int exit status (128+N for signal N, as Process.exitValue() reports it)
 *   STATE   (4)  long request id, list of long idle spare pids, list of long ready spare pids
 * configuration: string key, list of strings command, list of strings preload, int spares
 * </pre>
 *
 * <p>Before these, a handshake: the client writes to the server's standard input a token (bytes), the
 * socket's path (string) and its own pid (long); the server connects and answers with the token and
 * its pid. The client then removes the socket file: nobody else can connect.
 *
 * <p>Internal API.
 */
final class ForkServerProtocol {

    static final int START = 1;
    static final int SIGNAL = 2;
    static final int STATUS = 3;
    static final int PREPARE = 4;

    static final int STARTED = 1;
    static final int FAILED = 2;
    static final int EXITED = 3;
    static final int STATE = 4;

    /** The largest string or list accepted: a class path of a few thousand jars fits. */
    private static final int MAX_STRING = 16 << 20;

    private static final int MAX_LIST = 1 << 16;

    private ForkServerProtocol() {}

    /**
     * The spare JVMs of one child configuration: the key names the configuration (the command without
     * its class-data-sharing options, which appear once an archive is ready); the command starts a JVM
     * of it.
     *
     * @param key     identifies the configuration
     * @param command the child JVM's command line, up to and including its main class
     * @param preload classes the spares load and initialize
     * @param spares  how many spares to keep ready
     */
    record Configuration(String key, List<String> command, List<String> preload, int spares) {

        void writeTo(DataOutputStream out) throws IOException {
            writeString(out, key);
            writeStrings(out, command);
            writeStrings(out, preload);
            out.writeInt(spares);
        }

        static Configuration readFrom(DataInputStream in) throws IOException {
            return new Configuration(readString(in), readStrings(in), readStrings(in), in.readInt());
        }
    }

    static void writeString(DataOutputStream out, String value) throws IOException {
        writeBytes(out, value.getBytes(StandardCharsets.UTF_8));
    }

    static String readString(DataInputStream in) throws IOException {
        return new String(readBytes(in, MAX_STRING), StandardCharsets.UTF_8);
    }

    static void writeStrings(DataOutputStream out, List<String> values) throws IOException {
        out.writeInt(values.size());
        for (String value : values) {
            writeString(out, value);
        }
    }

    static List<String> readStrings(DataInputStream in) throws IOException {
        int count = readCount(in);
        List<String> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(readString(in));
        }
        return values;
    }

    static void writeLongs(DataOutputStream out, List<Long> values) throws IOException {
        out.writeInt(values.size());
        for (long value : values) {
            out.writeLong(value);
        }
    }

    static List<Long> readLongs(DataInputStream in) throws IOException {
        int count = readCount(in);
        List<Long> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(in.readLong());
        }
        return values;
    }

    static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** Reads a length-prefixed block of at most {@code max} bytes. */
    static byte[] readBytes(DataInputStream in, int max) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > max) {
            throw new IOException("Forkserver message block of " + length + " bytes is out of range");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    private static int readCount(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > MAX_LIST) {
            throw new IOException("Forkserver message list of " + count + " items is out of range");
        }
        return count;
    }
}
