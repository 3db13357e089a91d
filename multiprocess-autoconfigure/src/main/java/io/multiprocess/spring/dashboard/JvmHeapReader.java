package io.multiprocess.spring.dashboard;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads another JVM's heap use from its HotSpot performance-data file ({@code /tmp/hsperfdata_<user>/<pid>},
 * the file {@code jstat} reads), without attaching to it: the sum of the {@code sun.gc.generation.*.space.*.used}
 * counters, and of the generations' {@code maxCapacity}. The file exists only for a JVM that runs with
 * {@code -XX:+UsePerfData}; the library starts its children with {@code -XX:-UsePerfData}, so their heap is
 * known only when the application turns it back on in their JVM options. One read of a 32 KiB file per
 * process and reading; nothing stays open.
 */
public class JvmHeapReader {

    private static final int MAGIC = 0xcafec0c0;
    private static final byte LONG_TYPE = 'J';
    private static final Pattern SPACE_USED = Pattern.compile("sun\\.gc\\.generation\\.\\d+\\.space\\.\\d+\\.used");
    private static final Pattern GENERATION_MAX = Pattern.compile("sun\\.gc\\.generation\\.\\d+\\.maxCapacity");

    private final Path directory;

    /** A reader of this user's performance-data files in {@code /tmp}, where HotSpot writes them on Linux. */
    public JvmHeapReader() {
        this(Path.of("/tmp", "hsperfdata_" + System.getProperty("user.name")));
    }

    /**
     * A reader of the performance-data files in {@code directory} (tests).
     *
     * @param directory the {@code hsperfdata_<user>} directory
     */
    public JvmHeapReader(Path directory) {
        this.directory = directory;
    }

    /**
     * The heap of the JVM with this pid, if it publishes performance data.
     *
     * @param pid the process
     * @return its heap, or empty if it has no readable performance-data file (not a JVM, started with
     *     {@code -XX:-UsePerfData}, ended, another user's, or a format this reader does not know)
     */
    public Optional<Heap> read(long pid) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(directory.resolve(Long.toString(pid)));
        } catch (IOException | SecurityException none) {
            return Optional.empty();
        }
        try {
            return parse(ByteBuffer.wrap(bytes));
        } catch (RuntimeException truncatedOrUnknown) {
            return Optional.empty();
        }
    }

    /*
     * The prologue (32 bytes): magic (big-endian), byte order (0 big, 1 little), major and minor version,
     * accessible flag, used, overflow, modification time stamp (8 bytes), offset of the first entry, number
     * of entries. Each entry: its length, the offset of its NUL-terminated name, vector length (0 for a
     * scalar), data type ('J' = 64-bit integer), flags, units, variability, the offset of its data; offsets
     * are from the entry's start.
     */
    private static Optional<Heap> parse(ByteBuffer buffer) {
        if (buffer.order(ByteOrder.BIG_ENDIAN).getInt(0) != MAGIC) {
            return Optional.empty();
        }
        buffer.order(buffer.get(4) == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        if (buffer.get(5) != 2 || buffer.get(7) == 0) {
            return Optional.empty();
        }
        int entry = buffer.getInt(24);
        int count = buffer.getInt(28);
        long used = 0;
        long max = 0;
        boolean seen = false;
        for (int i = 0; i < count && entry + 20 <= buffer.limit(); i++) {
            int length = buffer.getInt(entry);
            if (length <= 0) {
                break;
            }
            if (buffer.getInt(entry + 8) == 0 && buffer.get(entry + 12) == LONG_TYPE) {
                String name = name(buffer, entry + buffer.getInt(entry + 4));
                if (SPACE_USED.matcher(name).matches()) {
                    used += buffer.getLong(entry + buffer.getInt(entry + 16));
                    seen = true;
                } else if (GENERATION_MAX.matcher(name).matches()) {
                    max += buffer.getLong(entry + buffer.getInt(entry + 16));
                }
            }
            entry += length;
        }
        return seen ? Optional.of(new Heap(used, max > 0 ? max : null)) : Optional.empty();
    }

    private static String name(ByteBuffer buffer, int start) {
        int end = start;
        while (buffer.get(end) != 0) {
            end++;
        }
        return new String(buffer.array(), start, end - start, StandardCharsets.US_ASCII);
    }

    /**
     * A JVM's heap.
     *
     * @param usedBytes heap in use
     * @param maxBytes  the most it may grow to, or null if not published
     */
    public record Heap(long usedBytes, @Nullable Long maxBytes) {}
}
