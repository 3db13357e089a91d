package io.multiprocess.tracker;

import io.multiprocess.StartMethod;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.sharedctypes.SharedCTypes;
import io.multiprocess.sharedctypes.SharedValue;
import io.multiprocess.sharedctypes.TypeCode;
import io.multiprocess.sharedmemory.SharedMemory;
import io.multiprocess.synchronize.ProcessLock;
import io.multiprocess.testing.ChildFiles;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A main program for {@link ResourceTrackerIT}: the root of its own process tree, which creates named
 * resources, reports their names in a file, and then ends as the test asks.
 *
 * <p>Arguments: mode ({@code hang}: sleep until killed; {@code exit}: return from main; {@code child}:
 * also start a child that creates a block and ends, then sleep until killed; {@code duplicate}: also try
 * to create a second block under the name of the first, report the failure, then sleep until killed)
 * and the report file.
 */
public final class TrackerRootMain {

    private TrackerRootMain() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path report = Path.of(args[1]);
        ProcessLock lock = new ProcessLock();
        SharedValue value = SharedCTypes.value(TypeCode.DOUBLE, 1.5);
        SharedMemory block = SharedMemory.create(8192);
        StringBuilder names = new StringBuilder()
                .append("lock=")
                .append(lock.name())
                .append('\n')
                .append("value=")
                .append(value.name())
                .append('\n')
                .append("shm=")
                .append(block.name())
                .append('\n')
                .append("tracker=")
                .append(ResourceTracker.trackerPid().orElse(-1))
                .append('\n');
        if (mode.equals("duplicate")) {
            String failure = "none";
            try {
                SharedMemory.create(block.name(), 4096).close();
            } catch (RuntimeException expected) {
                failure = expected.getClass().getSimpleName();
            }
            names.append("duplicate=").append(failure).append('\n');
        }
        if (mode.equals("child")) {
            Path childReport = Path.of(args[1] + ".child");
            ChildProcess child = ProcessContext.of(StartMethod.SPAWN).process(() -> {
                SharedMemory leaked = SharedMemory.create(4096);
                ChildFiles.write(
                        childReport,
                        leaked.name() + "\n" + ResourceTracker.trackerPid().orElse(-1));
            });
            child.start();
            child.join(Duration.ofSeconds(60));
            String[] childLines = ChildFiles.read(childReport).split("\n");
            names.append("childShm=")
                    .append(childLines[0])
                    .append('\n')
                    .append("childTracker=")
                    .append(childLines[1])
                    .append('\n')
                    .append("childExit=")
                    .append(child.exitCode().orElse(-1))
                    .append('\n');
        }
        ChildFiles.write(report, names.toString());
        if (!mode.equals("exit")) {
            ChildFiles.sleepForever();
        }
        // Keep the objects reachable until here.
        System.out.println(lock.name() + value.name() + block.name());
    }
}
