package io.multiprocess.benchmarks.jmh;

import io.multiprocess.Multiprocess;
import io.multiprocess.function.SerializableCallable;
import io.multiprocess.internal.ipc.MessageRing;
import io.multiprocess.internal.shm.SharedSegment;
import io.multiprocess.serialization.KryoSerializer;
import io.multiprocess.synchronize.ProcessLock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hot paths under JMH, so that a regression shows as a number: the lock's uncontended fast path,
 * a 16-byte message written to and read back from the queue's shared-memory ring (one thread, so the
 * figure is the ring's own cost, without wake-ups), and Kryo round trips (serialize + deserialize) of a
 * task (a lambda capturing a value, as {@code applyAsync} sends) and of a result (a map chunk of 100
 * boxed ints). Run with {@code multiprocess-core/benchmarks.sh --jmh [JMH options]}; not part of the
 * build.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC"})
public class HotPaths {

    private static final int RING = 1 << 16;

    private ProcessLock lock;
    private SharedSegment segment;
    private MessageRing ring;
    private final byte[] message = new byte[16];
    private KryoSerializer kryo;
    private SerializableCallable<Integer> task;
    private List<Integer> result;

    /** Creates the lock, the ring, the serializer and the values. */
    @Setup(Level.Trial)
    public void setUp() {
        lock = Multiprocess.getContext("spawn").lock();
        segment = SharedSegment.create(SharedSegment.uniqueName("mp-jmh-ring"), MessageRing.segmentSize(RING));
        ring = MessageRing.create(segment, RING, 0, false);
        kryo = new KryoSerializer();
        int captured = 42;
        task = () -> captured * 2;
        result = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            result.add(i * i);
        }
    }

    /** Removes the lock's and the ring's segments. */
    @TearDown(Level.Trial)
    public void tearDown() {
        lock.unlink();
        ring.close();
        segment.close();
        SharedSegment.unlink(segment.name());
    }

    /**
     * An uncontended acquire and release.
     *
     * @return whether the lock was taken
     */
    @Benchmark
    public boolean lockAcquireRelease() {
        boolean taken = lock.acquire();
        lock.release();
        return taken;
    }

    /**
     * A 16-byte message through the ring: write, then read.
     *
     * @return the message read
     * @throws InterruptedException never: nothing waits
     */
    @Benchmark
    public byte[] ringWriteRead() throws InterruptedException {
        ring.write(message, Long.MAX_VALUE);
        return ring.read(Long.MAX_VALUE);
    }

    /**
     * A task's Kryo round trip.
     *
     * @return the task deserialized
     */
    @Benchmark
    public Object kryoTaskRoundTrip() {
        byte[] bytes = kryo.serialize(task);
        return kryo.deserialize(bytes, 0, bytes.length);
    }

    /**
     * A result's Kryo round trip.
     *
     * @return the result deserialized
     */
    @Benchmark
    public Object kryoResultRoundTrip() {
        byte[] bytes = kryo.serialize(result);
        return kryo.deserialize(bytes, 0, bytes.length);
    }
}
