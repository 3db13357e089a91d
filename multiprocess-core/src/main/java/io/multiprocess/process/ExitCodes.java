package io.multiprocess.process;

/**
 * Turns a JVM's exit status into Python's exit code.
 *
 * <p>Internal SPI.
 */
final class ExitCodes {

    private ExitCodes() {}

    /**
     * The exit code for a raw status: statuses 129 to 159 become -1 to -31, the signal that ended the
     * process. The JDK reports a death by signal N as 128+N, and a JVM that handles SIGTERM, SIGINT or
     * SIGHUP itself exits with 128+N too, so the two cannot be told apart; a child that calls
     * {@code System.exit(130)} is therefore reported as killed by signal 2.
     *
     * @param status the status from {@link Process#exitValue()}
     * @return the exit code
     */
    public static int fromStatus(int status) {
        return status > 128 && status < 160 ? -(status - 128) : status;
    }
}
