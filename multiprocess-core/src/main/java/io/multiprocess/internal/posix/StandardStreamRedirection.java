package io.multiprocess.internal.posix;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Points this process's standard output or error (file descriptor 1 or 2) at a file, as a shell's
 * {@code >} and {@code >>} do: {@code open}, {@code dup2}, {@code close} of Linux's C library, bound with
 * JNA direct mapping. Unlike {@link System#setOut}, it also redirects what the JVM itself and native code
 * write.
 *
 * <p>Internal API.
 */
public final class StandardStreamRedirection {

    private static final int O_WRONLY = 01;
    private static final int O_CREAT = 0100;
    private static final int O_TRUNC = 01000;
    private static final int O_APPEND = 02000;
    private static final int O_CLOEXEC = 02000000;
    /** Like Java's FileOutputStream: rw-rw-rw- minus the umask. */
    private static final int MODE = 0666;

    private static final boolean AVAILABLE = register();

    private StandardStreamRedirection() {}

    private static boolean register() {
        if (!Platform.isLinux()) {
            return false;
        }
        try {
            Native.register(StandardStreamRedirection.class, Platform.C_LIBRARY_NAME);
            return true;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    private static native int open(String path, int flags, int mode);

    private static native int dup2(int oldFd, int newFd);

    private static native int close(int fd);

    /**
     * Makes {@code fd} write to {@code path}, creating the file if needed.
     *
     * @param fd     1 for standard output, 2 for standard error
     * @param path   the file
     * @param append true to append ({@code >>}), false to truncate ({@code >})
     * @return true on success; false when the file cannot be opened or the binding is not available, in
     *     which case {@code fd} is unchanged
     */
    public static boolean redirect(int fd, String path, boolean append) {
        if (!AVAILABLE) {
            return false;
        }
        int opened = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC), MODE);
        if (opened < 0) {
            return false;
        }
        try {
            return dup2(opened, fd) == fd;
        } finally {
            close(opened);
        }
    }
}
