package io.multiprocess.process;

import io.multiprocess.context.DefaultContext;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.process.launch.BootstrapFrame;
import io.multiprocess.process.launch.ParentWatch;
import io.multiprocess.serialization.Serializer;
import java.io.BufferedInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The entry point of every child JVM. Python's {@code spawn_main}.
 *
 * <p>Reads the bootstrap frame from standard input, starts the watch over the parent, makes the
 * process object the current process, and runs it. Standard input is then replaced by an empty stream
 * (the parent closes its end after the frame), as Python children read {@code /dev/null}. Exit status: 0 when {@code run()} returned (after the
 * JVM's non-daemon threads end), 1 when it threw, 2 when the frame could not be read or its payload
 * could not be deserialized.
 *
 * <p>Not a program to run by hand: it expects a parent on the other end of its standard input.
 */
public final class ChildMain {

    /** Exit status when the child could not be set up. */
    static final int BOOTSTRAP_FAILED = 2;

    private ChildMain() {
    }

    /**
     * Runs the process object the parent sent.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        InputStream fromParent = new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16);
        BootstrapFrame frame;
        try {
            frame = BootstrapFrame.readFrom(fromParent);
        } catch (IOException e) {
            System.err.println("multiprocess: " + ChildMain.class.getName() + " is started by a parent process of the "
                + "multiprocess library and reads its task from standard input; that failed: " + e.getMessage());
            System.exit(BOOTSTRAP_FAILED);
            return;
        }
        ParentWatch.start(frame.parentPid());
        System.setIn(InputStream.nullInputStream());

        ChildProcess self;
        try {
            Serializer serializer = Serializer.forClassName(frame.serializerClass());
            ProcessContext context = (ProcessContext) serializer.deserialize(frame.context());
            self = (ChildProcess) serializer.deserialize(frame.process());
            DefaultContext.set(context, true);
            ProcessTable.enterChild(self, new ParentProcess(frame.parentName(), frame.parentPid(), self.authkey()));
        } catch (RuntimeException | LinkageError e) {
            System.err.println("multiprocess: the child process (pid " + ProcessHandle.current().pid()
                + ") could not read the process object its parent sent:");
            e.printStackTrace();
            System.exit(BOOTSTRAP_FAILED);
            return;
        }
        int status = self.bootstrap();
        if (status != 0) {
            System.exit(status);
        }
    }
}
