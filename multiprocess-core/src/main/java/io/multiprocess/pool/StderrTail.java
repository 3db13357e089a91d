package io.multiprocess.pool;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The last lines a pool worker wrote to its standard error, kept where its pool can read them after the
 * worker died, however it died. Internal.
 *
 * <p>The worker side ({@link #install}) wraps {@code System.err}: every byte still goes to the worker's
 * standard error (the parent's, by default), and is also appended to a small file next to the pool's
 * socket. The file is written with plain {@code write} calls, so what was written survives a
 * {@code SIGKILL} of the worker (it sits in the kernel's page cache). The file never grows past
 * {@link #MAX_FILE_BYTES}: when it would, it is cut back to the last {@link #KEPT_BYTES} bytes, which the
 * writer keeps in memory. The pool side ({@link #readAndDelete}) reads the file's end once the worker
 * exited, and deletes it.
 *
 * <p>Only what goes through {@code System.err} is kept: the JVM's own fatal-error lines, written
 * natively, are not.
 */
final class StderrTail extends OutputStream {

    /** The file is cut back when it reaches this size. */
    static final int MAX_FILE_BYTES = 64 * 1024;
    /** How many bytes of the end are kept when the file is cut back, and read by the pool. */
    static final int KEPT_BYTES = 8 * 1024;

    private final OutputStream original;
    private final FileChannel file;
    private final byte[] ring = new byte[KEPT_BYTES];
    private long written;
    private boolean failed;

    private StderrTail(OutputStream original, FileChannel file) {
        this.original = original;
        this.file = file;
    }

    /**
     * The file that keeps the tail of a worker's standard error.
     *
     * @param socketPath the pool's socket
     * @param workerId   the worker's number in its pool
     * @return the file's path
     */
    static Path pathFor(String socketPath, int workerId) {
        return Path.of(socketPath + ".w" + workerId + ".err");
    }

    /**
     * In a worker: copies {@code System.err} into {@code path} from now on. If the file cannot be made,
     * standard error is left as it is.
     *
     * @param path the file, from {@link #pathFor}
     */
    static void install(Path path) {
        try {
            FileChannel channel = FileChannel.open(
                    path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            PrintStream current = System.err;
            System.setErr(new PrintStream(new StderrTail(current, channel), true, Charset.defaultCharset()));
        } catch (IOException | RuntimeException cannotKeep) {
            // The pool's directory is gone (the pool ended): nothing will read the tail.
        }
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        original.write(bytes, offset, length);
        for (int i = 0; i < length; i++) {
            ring[(int) ((written + i) % KEPT_BYTES)] = bytes[offset + i];
        }
        written += length;
        if (failed) {
            return;
        }
        try {
            if (file.position() + length > MAX_FILE_BYTES) {
                file.truncate(0);
                file.position(0);
                file.write(ByteBuffer.wrap(lastBytes()));
            } else {
                file.write(ByteBuffer.wrap(bytes, offset, length));
            }
        } catch (IOException fileGone) {
            // Keep writing to standard error; stop keeping the tail.
            failed = true;
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        original.flush();
    }

    /** The last bytes written, up to {@link #KEPT_BYTES}, in order. */
    private byte[] lastBytes() {
        int n = (int) Math.min(written, KEPT_BYTES);
        byte[] last = new byte[n];
        for (int i = 0; i < n; i++) {
            last[i] = ring[(int) ((written - n + i) % KEPT_BYTES)];
        }
        return last;
    }

    /**
     * In the pool: the last lines of a worker's standard error, once it exited; deletes the file.
     *
     * @param path     the file, from {@link #pathFor}
     * @param maxLines how many lines to return at most
     * @return the lines, oldest first; empty if the worker wrote none (or the file is missing)
     */
    static List<String> readAndDelete(Path path, int maxLines) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            int n = (int) Math.min(size, KEPT_BYTES);
            ByteBuffer buffer = ByteBuffer.allocate(n);
            channel.position(size - n);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read to the end
            }
            String text = new String(buffer.array(), 0, buffer.position(), Charset.defaultCharset());
            ArrayDeque<String> lines = new ArrayDeque<>();
            for (String line : text.split("\\R")) {
                if (!line.isBlank()) {
                    lines.addLast(line);
                    if (lines.size() > maxLines) {
                        lines.removeFirst();
                    }
                }
            }
            return List.copyOf(lines);
        } catch (NoSuchFileException none) {
            return List.of();
        } catch (IOException unreadable) {
            return List.of("(the worker's standard error could not be read: " + unreadable.getMessage() + ")");
        } finally {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // The pool's directory is removed at exit.
            }
        }
    }
}
