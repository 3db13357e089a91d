package io.multiprocess.internal.ipc;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import io.multiprocess.MultiprocessException;
import io.multiprocess.internal.posix.Sockets;
import io.multiprocess.internal.shm.SharedSegment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Anonymous shared memory: a {@code memfd_create(2)} file, which has no name anywhere, mapped into
 * this process. Other processes get it as a descriptor (passed with {@code SCM_RIGHTS}); the kernel
 * frees the memory when the last descriptor and mapping are gone, so nothing can be left behind, not
 * even by a process killed with SIGKILL.
 *
 * <p>Internal API.
 */
public final class MemoryFile {

    private static final int MFD_CLOEXEC = 1;

    static {
        Native.register(MemoryFile.class, Platform.C_LIBRARY_NAME);
    }

    private MemoryFile() {}

    private static native int memfd_create(String name, int flags);

    /**
     * Creates a zero-filled memory file.
     *
     * @param label a name shown in {@code /proc/<pid>/fd}
     * @param size  bytes
     * @return its descriptor, owned by the caller
     * @throws MultiprocessException if the system refuses
     */
    public static int create(String label, long size) {
        int fd = memfd_create(label, MFD_CLOEXEC);
        if (fd < 0) {
            throw new MultiprocessException("memfd_create failed: " + Sockets.describe(Sockets.errno()));
        }
        try (FileChannel channel = open(fd)) {
            channel.truncate(size);
            channel.write(ByteBuffer.wrap(new byte[1]), size - 1);
        } catch (IOException | RuntimeException e) {
            Sockets.close(fd);
            throw new MultiprocessException("Cannot size a shared memory file to " + size + " bytes: " + e, e);
        }
        return fd;
    }

    /**
     * Maps a memory file whole.
     *
     * @param fd    its descriptor (stays open, owned by the caller)
     * @param label a name for messages
     * @param owner whether this process created it
     * @return the mapped segment
     * @throws MultiprocessException if it cannot be mapped
     */
    public static SharedSegment map(int fd, String label, boolean owner) {
        try (FileChannel channel = open(fd)) {
            long size = channel.size();
            if (size <= 0 || size > Integer.MAX_VALUE) {
                throw new MultiprocessException("Shared memory file has size " + size + ", which cannot be mapped");
            }
            MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
            return SharedSegment.wrap(label, buffer, owner);
        } catch (IOException e) {
            throw new MultiprocessException("Cannot map shared memory file (descriptor " + fd + "): " + e, e);
        }
    }

    private static FileChannel open(int fd) throws IOException {
        return FileChannel.open(Path.of("/proc/self/fd/" + fd), StandardOpenOption.READ, StandardOpenOption.WRITE);
    }
}
