package io.multiprocess.process;

import io.multiprocess.StartMethod;
import io.multiprocess.function.SerializableRunnable;
import io.multiprocess.internal.posix.LinuxProcessControl;
import io.multiprocess.serialization.KryoSerializer;
import io.multiprocess.serialization.Serializer;
import io.multiprocess.serialization.Serializers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.StandardProtocolFamily;
import java.net.URL;
import java.nio.channels.SocketChannel;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Warms a child JVM up before it has a process to run: it becomes a child once, in memory, with a sample
 * process object (a capturing lambda, a context, the frame around them), so that the classes, lambdas
 * and serializers a real child needs are loaded, linked and initialized. Forkserver spares do it before
 * they wait for work; the training run of a class-data-sharing archive does it to record those classes.
 */
final class ChildWarmUp {

    private static final AtomicInteger RUNS = new AtomicInteger();

    /**
     * Classes of the library that children commonly run (a pool worker, the ends of pipes and queues):
     * loaded in the warm-up, so that spares have them ready and the class-data-sharing archive holds them.
     * Named, not referenced, so that this list follows the library without tying this class to it.
     */
    private static final String POOL_WORKER = "io.multiprocess.pool.PoolWorker";

    private static final List<String> LIBRARY_CLASSES = List.of(
            POOL_WORKER,
            "io.multiprocess.pool.Frames",
            "io.multiprocess.pool.Frames$Reader",
            "io.multiprocess.pool.Payloads",
            "io.multiprocess.pool.ByteSink",
            "io.multiprocess.pool.ByteSink$Reader",
            "io.multiprocess.pool.Failure",
            "io.multiprocess.pool.Task",
            "io.multiprocess.connection.Connection",
            "io.multiprocess.queues.ProcessQueue");

    private ChildWarmUp() {}

    /**
     * Warms up, then loads and initializes the named classes (Python's forkserver preload). A class that
     * cannot be loaded is skipped: preloading is a hint, as in Python.
     *
     * @param preload            fully qualified class names
     * @param loadNativeBinding  also load the JNA binding (for the training run: children that live long
     *                           enough load it; spares must not, its clean-up slows their exit)
     */
    static void run(List<String> preload, boolean loadNativeBinding) {
        ChildMain.prepareSerializer(KryoSerializer.class.getName());
        Serializer serializer = Serializers.forName(KryoSerializer.class.getName());
        ProcessSettings context = ProcessSettings.of(StartMethod.SPAWN);
        int factor = 3;
        Map<String, Object> sample = Map.of(
                "list",
                List.of(1, 2L, "three"),
                "optional",
                Optional.of(4.0),
                "array",
                new int[] {5},
                "record",
                new SampleRecord("six", 7));
        SerializableRunnable target = () -> {
            if (sample.size() * factor > 0) {
                RUNS.incrementAndGet();
            }
        };
        // Both forms of the frame: a process that captured values travels serialized, one that did not, plain.
        enterAndRun(serializer, context, new ChildProcess(context, "warm-up", target));
        enterAndRun(serializer, context, new ChildProcess(context, "warm-up", ChildWarmUp::countRun));
        readPoolWorkerSample(serializer);
        if (loadNativeBinding) {
            LinuxProcessControl.isAvailable();
            new ChildMain.NativeBindingPreparation().run();
        }
        openUnixSocket();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        openClassPath(loader != null ? loader : ChildWarmUp.class.getClassLoader());
        for (String name : LIBRARY_CLASSES) {
            try {
                Class.forName(name, false, ChildWarmUp.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError skipped) {
                // Renamed or removed: only a speed-up is lost.
            }
        }
        for (String name : preload) {
            try {
                Class.forName(name, true, loader != null ? loader : ChildWarmUp.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError | RuntimeException skipped) {
                // A hint, as in Python: the task will fail later with a proper error if it needs the class.
            }
        }
    }

    private static void enterAndRun(Serializer serializer, ProcessSettings context, ChildProcess process) {
        BootstrapFrame frame = new BootstrapFrame(
                ProcessHandle.current().pid(),
                "warm-up",
                serializer.getClass().getName(),
                SettingsWireFormat.write(context, serializer),
                BootstrapProcessForm.encode(process, serializer));
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            frame.writeTo(bytes);
            frame = BootstrapFrame.readFrom(new ByteArrayInputStream(bytes.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChildProcess self = ChildMain.enter(frame);
        if (self != null) {
            self.run();
            DefaultSettings.get().serializer();
        }
    }

    /**
     * Serializes and reads back (without running) a pool worker's process object, so that the lambda a real
     * worker's process object holds is linked here already: pools started on the forkserver get their
     * workers from spares.
     */
    private static void readPoolWorkerSample(Serializer serializer) {
        try {
            Method sample = Class.forName(POOL_WORKER, true, ChildWarmUp.class.getClassLoader())
                    .getDeclaredMethod("warmUpSample");
            sample.setAccessible(true);
            ChildProcess worker = (ChildProcess) sample.invoke(null);
            BootstrapProcessForm.decode(
                    BootstrapProcessForm.encode(worker, serializer),
                    serializer.getClass().getName(),
                    ChildWarmUp.class.getClassLoader());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // Renamed or changed: only a speed-up is lost.
        }
    }

    private static void countRun() {
        RUNS.incrementAndGet();
    }

    /** A record in the sample: Kryo's record support costs a fresh JVM some milliseconds on first use. */
    private record SampleRecord(String name, int value) implements Serializable {}

    /**
     * Opens and closes a Unix-domain socket channel: pipes, queues and pool workers all talk over them, and
     * their first use loads the JDK's socket classes and native code.
     */
    private static void openUnixSocket() {
        try {
            SocketChannel.open(StandardProtocolFamily.UNIX).close();
        } catch (IOException | RuntimeException ignored) {
            // Only a speed-up.
        }
    }

    /**
     * Opens every jar of the class path (by looking up a resource in each), so that the first class the
     * process loads from an application jar does not pay for reading the jar's directory.
     */
    private static void openClassPath(ClassLoader loader) {
        try {
            Enumeration<URL> manifests = loader.getResources("META-INF/MANIFEST.MF");
            while (manifests.hasMoreElements()) {
                manifests.nextElement();
            }
        } catch (IOException ignored) {
            // Only a speed-up.
        }
    }
}
