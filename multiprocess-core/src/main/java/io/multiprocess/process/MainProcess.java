package io.multiprocess.process;

import java.io.Serial;
import java.security.SecureRandom;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** The main program, as {@code currentProcess()} shows it before any child context exists. */
final class MainProcess extends BaseProcess {

    @Serial
    private static final long serialVersionUID = 1L;

    MainProcess() {
        super("MainProcess", new int[0], randomKey());
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.of(ProcessHandle.current().pid());
    }

    @Override
    public boolean isAlive() {
        return true;
    }

    @Override
    public OptionalInt exitCode() {
        return OptionalInt.empty();
    }
}
