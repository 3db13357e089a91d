package io.multiprocess.process;

import io.multiprocess.InterruptedOperationException;
import io.multiprocess.ProcessStateException;
import io.multiprocess.function.SerializableRunnable;
import io.multiprocess.internal.exit.ExitSequence;
import io.multiprocess.internal.start.StartingChild;
import io.multiprocess.serialization.Serializer;
import java.io.Serial;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A process: a target (or an overridden {@link #run()}) that runs in a child JVM. Python's
 * {@code multiprocessing.Process}.
 *
 * <pre>{@code
 * ChildProcess p = new ChildProcess(() -> System.out.println("hello from " + Multiprocess.currentProcess().pid()));
 * p.start();
 * p.join();
 * assert p.exitCode().getAsInt() == 0;
 * }</pre>
 *
 * <p>The object itself travels to the child: {@code start()} serializes it, with its target and
 * everything the target captures, in the calling thread. A subclass instance arrives as an instance of
 * the subclass, so overriding {@code run()} works as in Python. Fields marked {@code transient} stay
 * behind.
 *
 * <p>Life cycle: created, started once, ended; then optionally closed. Misuse (starting twice, joining
 * an unstarted process, joining itself, closing a running process, using a closed one) raises
 * {@link ProcessStateException}. Blocking calls raise {@link InterruptedOperationException} when the
 * thread is interrupted.
 */
public class ChildProcess extends BaseProcess implements AutoCloseable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final @Nullable SerializableRunnable target;
    private final transient @Nullable ProcessSettings context;
    private final transient long creatorPid;
    private transient volatile @Nullable LaunchedChild launched;
    private transient volatile boolean starting;
    private transient volatile boolean closed;
    /** What the process is for (monitoring); travels with it, so a worker knows it is one. */
    private volatile ProcessRole role = ProcessRole.PROCESS;

    private transient volatile @Nullable Instant startTime;
    private transient volatile io.multiprocess.@Nullable StartMethod startedWith;

    /**
     * A process that runs {@code target} in a child JVM, started with the default context.
     *
     * @param target what the child runs
     */
    public ChildProcess(SerializableRunnable target) {
        this(null, null, target);
    }

    /**
     * A named process that runs {@code target} in a child JVM, started with the default context.
     *
     * @param name   the process name
     * @param target what the child runs
     */
    public ChildProcess(String name, SerializableRunnable target) {
        this(null, name, target);
    }

    /**
     * A process of the given context.
     *
     * @param context the context whose start method and JVM settings to use; null for the default context
     * @param name    the process name; null for {@code "Process-N"}
     * @param target  what the child runs; null when a subclass overrides {@link #run()}
     */
    public ChildProcess(
            @Nullable ProcessSettings context, @Nullable String name, @Nullable SerializableRunnable target) {
        this(context, name, target, ProcessTable.nextIdentity());
    }

    /** For subclasses that override {@link #run()}: a process of the default context. */
    protected ChildProcess() {
        this(null, null, null);
    }

    /**
     * For subclasses that override {@link #run()}: a process of the given context.
     *
     * @param context the context to start with; null for the default context
     */
    protected ChildProcess(@Nullable ProcessSettings context) {
        this(context, null, null);
    }

    private ChildProcess(
            @Nullable ProcessSettings context,
            @Nullable String name,
            @Nullable SerializableRunnable target,
            int[] identity) {
        super(
                name != null ? name : BaseProcess.defaultName(ChildProcess.class, identity),
                identity,
                ProcessTable.current().authkey());
        this.target = target;
        this.context = context;
        this.creatorPid = ProcessHandle.current().pid();
        if (name == null && getClass() != ChildProcess.class) {
            super.setName(BaseProcess.defaultName(getClass(), identity));
        }
        // As in Python, the daemon flag starts as the creating process's own.
        super.setDaemon(ProcessTable.current().isDaemon());
    }

    /**
     * The copy of a process that a child rebuilds from the plain form of its bootstrap frame
     * ({@link BootstrapProcessForm}): as a deserialized one, it has no context and was created elsewhere.
     */
    ChildProcess(
            String name,
            int[] identity,
            byte[] authkey,
            boolean daemon,
            ProcessRole role,
            @Nullable SerializableRunnable target) {
        super(name, identity, authkey);
        this.target = target;
        this.context = null;
        this.creatorPid = 0;
        super.setDaemon(daemon);
        this.role = Objects.requireNonNull(role, "role");
    }

    /** The target given at creation, or null. */
    @Nullable
    SerializableRunnable target() {
        return target;
    }

    /**
     * Calls the target given at creation. Subclasses may override this instead; it runs in the child.
     */
    @Override
    public void run() {
        if (target != null) {
            target.run();
        }
    }

    /**
     * Starts the child: serializes this object in the calling thread, launches a JVM with the context's
     * start method and hands the object over. Returns once the child runs; it does not wait for
     * {@code run()} to finish. With the {@code "thread"} start method, {@code run()} is called on a new
     * thread of this JVM instead, and nothing is serialized.
     *
     * @throws io.multiprocess.SerializationException if this object, its target or something they
     *     reference cannot be serialized; no process is started then
     * @throws io.multiprocess.ProcessStartException if the JVM cannot be launched
     * @throws ProcessStateException if the process was started before, is closed, or was created in
     *     another process
     */
    public void start() {
        synchronized (this) {
            checkNotClosed();
            if (launched != null || starting) {
                throw new ProcessStateException("Cannot start a process twice: " + this + " was already started");
            }
            checkCreatedHere("start");
            starting = true;
        }
        try {
            ProcessTable.activeChildren();
            ProcessSettings ctx = context != null ? context : DefaultSettings.get();
            if (ctx.isThreadBacked()) {
                LaunchedChild child = ThreadLauncher.start(name(), isDaemon(), this::runOnThread);
                launched = child;
                ProcessTable.register(this);
                return;
            }
            BaseProcess self = ProcessTable.current();
            Serializer serializer = ctx.serializer();
            // What the serialization hands out for this child only (a connection's end) is released when the
            // child ends, or at once if it cannot be started: received or not, it is of no use any more.
            List<Runnable> onEnd = StartingChild.newActions();
            List<Runnable> enclosing = StartingChild.begin(onEnd);
            boolean launchedOk = false;
            try {
                byte[] process = BootstrapProcessForm.encode(this, serializer);
                BootstrapFrame frame = new BootstrapFrame(
                        self.pid().orElseThrow(),
                        self.name(),
                        serializer.getClass().getName(),
                        SettingsWireFormat.write(ctx, serializer),
                        process);
                StartingChild.end(enclosing);
                LaunchedChild child = Launchers.forMethod(ctx.startMethod()).launch(ctx, frame, name());
                launchedOk = true;
                launched = child;
                startTime = Instant.now();
                startedWith = ctx.startMethod();
                ProcessTable.register(this);
                child.onExit().whenComplete((code, error) -> {
                    child.release();
                    StartingChild.run(onEnd);
                });
            } finally {
                StartingChild.end(enclosing);
                if (!launchedOk) {
                    StartingChild.run(onEnd);
                }
            }
        } finally {
            starting = false;
        }
    }

    /**
     * Waits until the child ends. Python's {@code join()}.
     *
     * <p>A child of the "forkserver" start method that ends on its own reports its status itself once its
     * code, its exit actions and every shutdown hook of its JVM have finished ({@code System.exit},
     * a signal or a crash excepted, which the server reports when it has reaped the child): {@code join()}
     * returns then, while the JVM's and the kernel's teardown of the process may take a few more milliseconds.
     *
     * @throws ProcessStateException if the process was not started, is closed, is the current process,
     *     or is not a child of the current process
     * @throws InterruptedOperationException if the thread is interrupted (its interrupt status is set again)
     */
    public void join() {
        await(null);
    }

    /**
     * Waits until the child ends or the timeout passes. Python's {@code join(timeout)}.
     *
     * @param timeout how long to wait at most; zero or negative checks without waiting
     * @return true if the child ended, false on timeout (then {@link #exitCode()} is still empty)
     * @throws ProcessStateException if the process was not started, is closed, is the current process,
     *     or is not a child of the current process
     * @throws InterruptedOperationException if the thread is interrupted (its interrupt status is set again)
     */
    public boolean join(Duration timeout) {
        return await(timeout);
    }

    private boolean await(@Nullable Duration timeout) {
        checkNotClosed();
        if (ProcessTable.current() == this) {
            throw new ProcessStateException(
                    "A process cannot join itself: " + name() + " is the current process; join it from its parent");
        }
        checkCreatedHere("join");
        LaunchedChild child = launched;
        if (child == null) {
            throw new ProcessStateException("Can only join a started process: call start() on " + name() + " first");
        }
        try {
            if (timeout == null) {
                child.onExit().get();
            } else {
                child.onExit().get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("the join of " + name(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Waiting for the exit of " + name() + " failed", e.getCause());
        }
        ProcessTable.discard(this);
        return true;
    }

    /**
     * The child's pid once started; the own pid when this is the current process.
     *
     * @return the pid, or empty before start
     * @throws ProcessStateException if the process is closed
     */
    @Override
    public OptionalLong pid() {
        if (ProcessTable.current() == this) {
            return OptionalLong.of(ProcessHandle.current().pid());
        }
        checkNotClosed();
        LaunchedChild child = launched;
        return child == null ? OptionalLong.empty() : OptionalLong.of(child.pid());
    }

    /**
     * Whether the child runs: false before start and after it ended; true for the current process.
     *
     * @return whether it runs
     * @throws ProcessStateException if the process is closed
     */
    @Override
    public boolean isAlive() {
        if (ProcessTable.current() == this) {
            return true;
        }
        checkNotClosed();
        LaunchedChild child = launched;
        return child != null && child.isAlive();
    }

    /**
     * {@inheritDoc}
     *
     * @throws ProcessStateException if the process is closed
     */
    @Override
    public OptionalInt exitCode() {
        if (ProcessTable.current() == this) {
            return OptionalInt.empty();
        }
        checkNotClosed();
        LaunchedChild child = launched;
        return child == null ? OptionalInt.empty() : child.exitCode();
    }

    /**
     * Sends SIGTERM to the child: the JVM runs its shutdown hooks and exits, and {@link #exitCode()}
     * becomes -15. Does nothing if the child already ended. Python's {@code terminate()}.
     *
     * @throws ProcessStateException if the process was not started or is closed
     */
    public void terminate() {
        started("terminate").terminate();
    }

    /**
     * Sends SIGKILL to the child: it ends at once, without shutdown hooks, and {@link #exitCode()}
     * becomes -9. Does nothing if the child already ended. Python's {@code kill()}.
     *
     * @throws ProcessStateException if the process was not started or is closed
     */
    public void kill() {
        started("kill").kill();
    }

    /**
     * A sentinel that becomes ready when the child ends, to wait on several processes (and later
     * connections) at once. Python's {@code sentinel}.
     *
     * @return the sentinel
     * @throws ProcessStateException if the process was not started or is closed
     */
    public Sentinel sentinel() {
        CompletableFuture<Integer> exit = started("get the sentinel of").onExit();
        return new ExitSentinel(exit);
    }

    /**
     * Releases what the parent holds for the child. Allowed once the child ended (or was never
     * started); afterwards only {@link #name()} and {@link #isDaemon()} may be used. Closing twice does
     * nothing. Python's {@code close()}.
     *
     * @throws ProcessStateException if the child still runs: {@link #join()} or {@link #terminate()} it first
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            LaunchedChild child = launched;
            if (child != null) {
                if (child.isAlive()) {
                    throw new ProcessStateException("Cannot close process " + name() + " (pid " + child.pid()
                            + ") while it is still running; join() or terminate() it first");
                }
                child.release();
            }
            closed = true;
        }
        ProcessTable.discard(this);
    }

    // ---- Monitoring: what the process is for and when it started ----

    /**
     * What this process is for: {@link ProcessRole#PROCESS} unless the library's subsystem that started
     * it says otherwise (a pool marks its workers {@link ProcessRole#POOL_WORKER}). In the child, the
     * current process tells its own role.
     *
     * @return the role
     */
    public ProcessRole role() {
        return role;
    }

    /**
     * Tags the process with its role, before start. For the library's subsystems (pools, managers) and
     * for tools that start processes on their behalf; it changes nothing but what monitoring shows.
     *
     * @param role the role
     * @throws ProcessStateException if the process was started
     */
    public void setRole(ProcessRole role) {
        Objects.requireNonNull(role, "role");
        if (launched != null || starting) {
            throw new ProcessStateException("Cannot change the role of " + name() + " after start()");
        }
        this.role = role;
    }

    /**
     * When {@link #start()} launched the child, by this JVM's clock.
     *
     * @return the start time, or empty before start (and in the child itself)
     */
    public Optional<Instant> startTime() {
        return Optional.ofNullable(startTime);
    }

    /**
     * The start method {@link #start()} used: its context's, or the default context's at that time.
     *
     * @return the start method, or empty before start (and in the child itself)
     */
    public Optional<io.multiprocess.StartMethod> startMethod() {
        return Optional.ofNullable(startedWith);
    }

    /**
     * Sets the daemon flag, before start.
     *
     * @param daemon true for a daemon process, terminated when its parent exits
     * @throws ProcessStateException if the process was started
     */
    @Override
    public void setDaemon(boolean daemon) {
        if (launched != null || starting) {
            throw new ProcessStateException("Cannot change the daemon flag of " + name() + " after start()");
        }
        super.setDaemon(daemon);
    }

    /** Runs this process in the child JVM: returns the exit code for the child's main. */
    final int bootstrap() {
        try {
            if (Boolean.getBoolean(InheritedLogging.PROCESS_IN_MDC_PROPERTY)) {
                InheritedLogging.putProcessInMdc(name());
                ExitSequence.setThreadSetUp(new ExitThreadMdc(name()));
            }
            run();
            return 0;
        } catch (Throwable t) {
            System.err.println("Exception in process " + name() + " (pid "
                    + ProcessHandle.current().pid() + "):");
            t.printStackTrace();
            return 1;
        } finally {
            System.out.flush();
            System.err.flush();
        }
    }

    /** The body of a process of the "thread" start method. */
    private int runOnThread() {
        ProcessTable.enterThread(this);
        try {
            return bootstrap();
        } finally {
            ProcessTable.enterThread(null);
        }
    }

    boolean runsInThisJvm() {
        LaunchedChild child = launched;
        return child != null && child.runsInThisJvm();
    }

    CompletableFuture<Integer> exitFuture() {
        return launched.onExit();
    }

    /**
     * Whether the child ended or this object was closed, without throwing: for the process table,
     * which other threads may close children under. The current process (thread start method) has not ended.
     */
    boolean endedOrClosed() {
        if (closed) {
            return true;
        }
        if (ProcessTable.current() == this) {
            return false;
        }
        LaunchedChild child = launched;
        return child != null && child.exitCode().isPresent();
    }

    boolean isStartedAndAlive() {
        LaunchedChild child = launched;
        return child != null && child.isAlive();
    }

    void terminateQuietly() {
        LaunchedChild child = launched;
        if (child != null) {
            child.terminate();
        }
    }

    void killQuietly() {
        LaunchedChild child = launched;
        if (child != null) {
            child.kill();
        }
    }

    boolean awaitExitQuietly(long time, TimeUnit unit) {
        LaunchedChild child = launched;
        if (child == null) {
            return true;
        }
        try {
            child.onExit().get(time, unit);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return child.onExit().isDone();
        }
    }

    private LaunchedChild started(String operation) {
        checkNotClosed();
        LaunchedChild child = launched;
        if (child == null) {
            throw new ProcessStateException("Cannot " + operation + " process " + name() + ": it was not started");
        }
        return child;
    }

    private void checkNotClosed() {
        if (closed) {
            throw new ProcessStateException("Process object " + name() + " is closed");
        }
    }

    private void checkCreatedHere(String operation) {
        long here = ProcessHandle.current().pid();
        if (creatorPid != here) {
            throw new ProcessStateException("Can only " + operation + " a process created by the current process: "
                    + name()
                    + (creatorPid == 0
                            ? " was created in the parent process and sent here"
                            : " was created by process " + creatorPid));
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("ChildProcess[name=").append(name());
        LaunchedChild child = launched;
        if (closed) {
            text.append(", closed");
        } else if (ProcessTable.current() == this) {
            text.append(", pid=").append(ProcessHandle.current().pid()).append(", current");
        } else if (child == null) {
            text.append(", initial");
        } else {
            text.append(", pid=").append(child.pid());
            OptionalInt code = child.exitCode();
            text.append(code.isPresent() ? ", stopped, exitCode=" + code.getAsInt() : ", started");
        }
        if (isDaemon()) {
            text.append(", daemon");
        }
        return text.append(']').toString();
    }

    /** A sentinel that is ready once the child ended. */
    private record ExitSentinel(CompletableFuture<Integer> exit) implements Sentinel {

        @Override
        public boolean isReady() {
            return exit.isDone();
        }

        @Override
        public CompletableFuture<Void> onReady() {
            return exit.thenApply(code -> null);
        }
    }

    /** Puts the process into the MDC of the exit thread; a class, not a lambda (a child's first lambda is costly). */
    private static final class ExitThreadMdc implements Runnable {

        private final String processName;

        ExitThreadMdc(String processName) {
            this.processName = processName;
        }

        @Override
        public void run() {
            InheritedLogging.putProcessInMdc(processName);
        }
    }
}
