package io.multiprocess.hazelcast;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.synchronize.ProcessEvent;
import java.time.Duration;
import java.util.Objects;

/**
 * A Hazelcast member of a loopback cluster ({@link MemberConfigs#loopback}) running in a child process
 * of the library, until it is told to stop: to scale a job over the processes of one machine with the
 * cluster API, and for tests and benchmarks that need members in separate JVMs. The child has this
 * JVM's class path (so it can run this application's tasks), dies with its parent as every child does,
 * and leaves the cluster when stopped.
 *
 * <pre>{@code
 * try (MemberProcess member = MemberProcess.start(ctx, "jobs", 5900, 4)) {
 *     member.awaitJoined(Duration.ofSeconds(60));
 *     ... the cluster has one more member ...
 * }   // stops it: the member leaves the cluster and the process exits
 * }</pre>
 */
public final class MemberProcess implements AutoCloseable {

    private final ChildProcess process;
    private final ProcessEvent joined;
    private final ProcessEvent stop;

    private MemberProcess(ChildProcess process, ProcessEvent joined, ProcessEvent stop) {
        this.process = process;
        this.joined = joined;
        this.stop = stop;
    }

    /**
     * Starts a member in a child process of {@code context}; returns without waiting for it to join.
     *
     * @param context     the context of the child (start method, JVM options)
     * @param clusterName the cluster's name
     * @param basePort    the first port of the cluster's range on 127.0.0.1
     * @param ports       how many ports the range has
     * @return the running member process
     * @throws io.multiprocess.ProcessStartException if the child cannot be started
     */
    public static MemberProcess start(ProcessContext context, String clusterName, int basePort, int ports) {
        Objects.requireNonNull(clusterName, "clusterName");
        MemberConfigs.loopback(clusterName, basePort, ports);
        ProcessEvent joined = context.event();
        ProcessEvent stop = context.event();
        ChildProcess process =
                context.process("HazelcastMember", () -> serve(clusterName, basePort, ports, joined, stop));
        process.setDaemon(true);
        try {
            process.start();
        } catch (RuntimeException | Error e) {
            joined.unlink();
            stop.unlink();
            throw e;
        }
        return new MemberProcess(process, joined, stop);
    }

    /** In the child: runs the member until {@code stop} is set, then leaves the cluster. */
    private static void serve(String clusterName, int basePort, int ports, ProcessEvent joined, ProcessEvent stop) {
        if (System.getProperty("hazelcast.logging.type") == null) {
            // Before the first instance: Hazelcast's start-up messages go through SLF4J too, not JUL.
            System.setProperty("hazelcast.logging.type", "slf4j");
        }
        HazelcastInstance member = Hazelcast.newHazelcastInstance(MemberConfigs.loopback(clusterName, basePort, ports));
        try {
            joined.set();
            stop.await();
        } finally {
            member.shutdown();
        }
    }

    /**
     * Waits until the member has joined the cluster.
     *
     * @param timeout how long to wait at most
     * @return true if it joined; false if the time passed or the process ended first
     * @throws io.multiprocess.InterruptedOperationException if the thread is interrupted
     */
    public boolean awaitJoined(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (joined.await(Duration.ofMillis(100))) {
                return true;
            }
            if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                return false;
            }
        }
    }

    /**
     * The child process that runs the member.
     *
     * @return the process
     */
    public ChildProcess process() {
        return process;
    }

    /**
     * Kills the member's process with SIGKILL, as a crash would: the cluster notices when its heartbeats
     * stop.
     */
    public void kill() {
        process.kill();
    }

    /**
     * Stops the member: it leaves the cluster (migrating its data to the others) and its process exits;
     * waits at most {@code timeout} for that, then kills it.
     *
     * @param timeout how long the member may take to leave
     * @return true if it left by itself, false if it had to be killed (or had ended already)
     */
    public boolean stop(Duration timeout) {
        stop.set();
        boolean ended = process.join(timeout);
        if (!ended) {
            process.kill();
            process.join(Duration.ofSeconds(30));
        }
        return ended;
    }

    /** Stops the member (waiting up to 30 s for it to leave) and frees the process's resources. */
    @Override
    public void close() {
        try {
            if (process.exitCode().isEmpty()) {
                stop(Duration.ofSeconds(30));
            }
        } finally {
            joined.unlink();
            stop.unlink();
            process.close();
        }
    }

    @Override
    public String toString() {
        return "MemberProcess[" + process + "]";
    }
}
