package io.multiprocess.process;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The forkserver's spare JVMs, one pool per child configuration: JVMs that ran their warm-up
 * ({@code ChildMain --spare}) and wait, blocked reading their standard input, for the frame of the
 * process they will run.
 *
 * <p>Pools are refilled in the background after a hand-out, from the server's spawner thread: when the
 * process that took the spare ends, or {@value #REFILL_DELAY_MILLIS} ms later if it runs longer, so that a
 * new JVM's boot does not compete for the CPU with a short process or its exit. A
 * spare is <em>ready</em> once one of its threads sits in {@code read(0, ...)}: the server reads that
 * from {@code /proc/<pid>/task/<tid>/syscall}, no message needed; when {@code /proc} does not tell, a
 * spare counts as ready {@value #ASSUMED_READY_MILLIS} ms after its start. Hand-outs prefer ready spares,
 * oldest first. A configuration whose spares die before they are ready (an unknown JVM option, say)
 * stops being refilled: after the first such death if none of its spares was ever ready, after
 * {@value #MAX_FAILURES} consecutive ones otherwise. At most {@value #MAX_POOLS}
 * configurations keep spares; the least recently used one loses its spares first.
 *
 * <p>Thread-safe: the request loop, the spawner thread and process-exit callbacks all use it.
 */
final class SparePools {

    static final int MAX_POOLS = 4;
    static final long REFILL_DELAY_MILLIS = 200;
    static final int MAX_FAILURES = 3;
    static final long ASSUMED_READY_MILLIS = 3000;
    /** A spare that dies within this time of its start counts as a failed start. */
    private static final long EARLY_DEATH_NANOS = TimeUnit.SECONDS.toNanos(20);

    private final long serverPid;
    private final String reportPath;
    private final Map<String, Pool> pools = new LinkedHashMap<>(8, 0.75f, true);
    private boolean closed;

    /**
     * @param serverPid  the forkserver's pid
     * @param reportPath where spares report their end ({@link ExitReport}), or {@code "-"}
     */
    SparePools(long serverPid, String reportPath) {
        this.serverPid = serverPid;
        this.reportPath = reportPath;
    }

    /** The spares of one configuration. */
    private static final class Pool {
        final String key;
        List<String> command;
        List<String> preload;
        int target;
        int starting;
        int failures;
        boolean everReady;
        final Deque<Spare> idle = new ArrayDeque<>();

        boolean broken() {
            return failures >= (everReady ? MAX_FAILURES : 1);
        }

        Pool(String key) {
            this.key = key;
        }
    }

    /** A started spare JVM. */
    static final class Spare {
        final Process process;
        final long startedAt = System.nanoTime();
        volatile boolean ready;

        Spare(Process process) {
            this.process = process;
        }
    }

    /**
     * Updates a configuration's pool (its command may now use an archive; its size may have changed)
     * and refills it.
     */
    synchronized void prepare(ForkServerProtocol.Configuration configuration) {
        if (closed) {
            return;
        }
        Pool pool = pools.get(configuration.key());
        if (pool == null) {
            pool = new Pool(configuration.key());
            pools.put(configuration.key(), pool);
            evictBeyondLimit();
        }
        pool.command = List.copyOf(configuration.command());
        pool.preload = List.copyOf(configuration.preload());
        pool.target = configuration.spares();
        while (pool.idle.size() > pool.target) {
            pool.idle.removeLast().process.destroyForcibly();
        }
        refill(pool);
    }

    /**
     * Takes a spare of the configuration, preferring one that is ready. The pool is not refilled: call
     * {@link #refill(String)} when the new spare's boot would no longer slow the process that took this one.
     *
     * @return the spare, or null when the pool has none
     */
    synchronized @Nullable Spare take(ForkServerProtocol.Configuration configuration) {
        prepare(configuration);
        Pool pool = pools.get(configuration.key());
        if (pool == null) {
            return null;
        }
        Spare chosen = null;
        for (Iterator<Spare> it = pool.idle.iterator(); it.hasNext(); ) {
            Spare spare = it.next();
            if (!spare.process.isAlive()) {
                it.remove();
            } else if (isReady(spare)) {
                chosen = spare;
                break;
            }
        }
        if (chosen == null) {
            chosen = pool.idle.peekFirst();
        }
        if (chosen != null) {
            pool.idle.remove(chosen);
        }
        return chosen;
    }

    /**
     * Starts spares until the configuration's pool is full again.
     *
     * @param key the configuration's key
     */
    synchronized void refill(String key) {
        Pool pool = pools.get(key);
        if (pool != null) {
            refill(pool);
        }
    }

    /** The idle spares: all, and those that are ready. */
    synchronized List<List<Long>> idleAndReady() {
        List<Long> idle = new ArrayList<>();
        List<Long> ready = new ArrayList<>();
        for (Pool pool : pools.values()) {
            for (Spare spare : pool.idle) {
                if (spare.process.isAlive()) {
                    idle.add(spare.process.pid());
                    if (isReady(spare)) {
                        ready.add(spare.process.pid());
                    }
                }
            }
        }
        return List.of(idle, ready);
    }

    /** Kills every spare and stops refilling. */
    synchronized void close() {
        closed = true;
        for (Pool pool : pools.values()) {
            for (Spare spare : pool.idle) {
                spare.process.destroyForcibly();
            }
            pool.idle.clear();
        }
        pools.clear();
    }

    private void evictBeyondLimit() {
        while (pools.size() > MAX_POOLS) {
            Iterator<Pool> eldest = pools.values().iterator();
            Pool pool = eldest.next();
            eldest.remove();
            for (Spare spare : pool.idle) {
                spare.process.destroyForcibly();
            }
        }
    }

    private void refill(Pool pool) {
        while (!closed && !pool.broken() && pool.idle.size() + pool.starting < pool.target) {
            pool.starting++;
            List<String> command = new ArrayList<>(pool.command);
            // Opens the JDK access the final exit report needs (see ExitReport); it costs the spare's boot the
            // archived module graph (some 15 ms), which happens before any process waits for it.
            if (!reportPath.equals("-")) {
                command.add(1, ExitReport.EXPORT_OPTION);
            }
            command.add(ChildJvmCommand.SPARE_ARGUMENT);
            command.add(Long.toString(serverPid));
            command.add(reportPath);
            command.addAll(pool.preload);
            Spawner.later(new SpareStart(pool, command));
        }
    }

    /** Runs on the spawner thread, so that the spare's parent-death signal is tied to a long-lived thread. */
    private final class SpareStart implements Runnable {
        private final Pool pool;
        private final List<String> command;

        SpareStart(Pool pool, List<String> command) {
            this.pool = pool;
            this.command = command;
        }

        @Override
        public void run() {
            Process process;
            try {
                process = new ProcessBuilder(command)
                        .redirectInput(Redirect.PIPE)
                        .redirectOutput(Redirect.INHERIT)
                        .redirectError(Redirect.INHERIT)
                        .start();
            } catch (IOException | RuntimeException e) {
                synchronized (SparePools.this) {
                    pool.starting--;
                    pool.failures++;
                }
                return;
            }
            Spare spare = new Spare(process);
            synchronized (SparePools.this) {
                pool.starting--;
                if (closed || pools.get(pool.key) != pool || pool.idle.size() >= pool.target) {
                    process.destroyForcibly();
                    return;
                }
                pool.idle.addLast(spare);
            }
            process.onExit().thenRun(() -> diedIdle(pool, spare));
        }
    }

    private synchronized void diedIdle(Pool pool, Spare spare) {
        if (!pool.idle.remove(spare)) {
            return;
        }
        if (System.nanoTime() - spare.startedAt < EARLY_DEATH_NANOS && !spare.ready) {
            pool.failures++;
        }
        if (pools.get(pool.key) == pool) {
            refill(pool);
        }
    }

    /** Ready: a thread of the spare is blocked in read(0, ...), which only the wait for the frame does. */
    private boolean isReady(Spare spare) {
        if (spare.ready) {
            return true;
        }
        Boolean reading = readsStandardInput(spare.process.pid());
        boolean ready = reading != null
                ? reading
                : System.nanoTime() - spare.startedAt > TimeUnit.MILLISECONDS.toNanos(ASSUMED_READY_MILLIS);
        if (ready) {
            spare.ready = true;
            for (Pool pool : pools.values()) {
                if (pool.idle.contains(spare)) {
                    pool.failures = 0;
                    pool.everReady = true;
                }
            }
        }
        return ready;
    }

    /** True or false when /proc says whether a thread of {@code pid} is blocked reading fd 0; null when it cannot say. */
    static @Nullable Boolean readsStandardInput(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            boolean readable = false;
            for (Path thread : threads) {
                String syscall;
                try {
                    syscall = Files.readString(thread.resolve("syscall"));
                } catch (IOException vanishedOrForbidden) {
                    continue;
                }
                readable = true;
                if (syscall.startsWith("0 0x0 ")) {
                    return true;
                }
            }
            return readable ? Boolean.FALSE : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Writes a frame to a spare and closes its input.
     *
     * @return true when written; false when the spare died (it is then killed for good)
     */
    static boolean handOver(Spare spare, byte[] frame) {
        try (OutputStream in = spare.process.getOutputStream()) {
            in.write(frame);
            in.flush();
            return true;
        } catch (IOException dead) {
            spare.process.destroyForcibly();
            return false;
        }
    }
}
