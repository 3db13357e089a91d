package io.multiprocess.process;

import java.io.Serial;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** A child's view of the process that started it. Python's {@code _ParentProcess}. */
final class ParentProcess extends BaseProcess {

    @Serial
    private static final long serialVersionUID = 1L;

    private final long pid;

    ParentProcess(String name, long pid, byte[] authkey) {
        super(name, new int[0], authkey);
        this.pid = pid;
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.of(pid);
    }

    @Override
    public boolean isAlive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    public OptionalInt exitCode() {
        return OptionalInt.empty();
    }
}
