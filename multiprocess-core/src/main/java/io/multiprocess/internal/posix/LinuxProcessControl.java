package io.multiprocess.internal.posix;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Process-control calls of Linux's C library, bound with JNA direct mapping.
 *
 * <p>Internal API.
 */
public final class LinuxProcessControl {

    /** {@code PR_SET_PDEATHSIG} from {@code <linux/prctl.h>}. */
    private static final int PR_SET_PDEATHSIG = 1;
    /** {@code SIGKILL}. */
    private static final int SIGKILL = 9;

    private static final boolean AVAILABLE = register();

    private LinuxProcessControl() {}

    private static boolean register() {
        if (!Platform.isLinux()) {
            return false;
        }
        try {
            Native.register(LinuxProcessControl.class, Platform.C_LIBRARY_NAME);
            return true;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    private static native int prctl(int option, long arg2, long arg3, long arg4, long arg5);

    /**
     * Asks the kernel to send SIGKILL to this process when the thread that created it exits. The
     * setting belongs to the calling thread: call it from a thread that lives as long as the process,
     * then check that the parent is still the expected one (it may have died before the call).
     *
     * @return true when the signal is armed; false when the call is not available on this platform
     */
    public static boolean armParentDeathSignal() {
        return AVAILABLE && prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) == 0;
    }

    /**
     * True when the binding loaded: Linux with a usable C library.
     *
     * @return whether the calls of this class work here
     */
    public static boolean isAvailable() {
        return AVAILABLE;
    }
}
