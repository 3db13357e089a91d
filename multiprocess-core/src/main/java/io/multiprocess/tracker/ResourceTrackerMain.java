package io.multiprocess.tracker;

import io.multiprocess.internal.shm.SharedSegment;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The tracker process of a process tree (see {@link ResourceTracker}): waits until its owner ends, then
 * unlinks what the tree left registered, warns about each, and exits. Python's resource tracker main
 * loop.
 *
 * <p>Arguments: the registry directory and the owner's pid. The owner holds the write end of this
 * process's standard input and never writes: end of file means the owner ended. A watch on the parent
 * pid is the second line. Not a program to run by hand.
 */
public final class ResourceTrackerMain {

    /** How long the tracker waits for the tree's other registrants to end before it cleans anyway. */
    static final long REGISTRANTS_GRACE_MILLIS = 10_000;

    private ResourceTrackerMain() {}

    /**
     * Runs the tracker.
     *
     * @param args the registry directory and the owner's pid
     */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println(
                    "multiprocess resource tracker: expects <registry directory> <owner pid>; it is started by "
                            + "the library, not by hand");
            System.exit(2);
        }
        Path registry = Path.of(args[0]);
        long owner = Long.parseLong(args[1]);
        ignoreSignals();
        CountDownLatch ownerEnded = new CountDownLatch(1);
        Thread pipeWatch = new Thread(
                () -> {
                    drain(System.in);
                    ownerEnded.countDown();
                },
                "tracker-pipe-watch");
        pipeWatch.setDaemon(true);
        pipeWatch.start();
        try {
            while (!ownerEnded.await(200, TimeUnit.MILLISECONDS)) {
                if (ProcStat.parentPid(ProcessHandle.current().pid()).orElse(-1) != owner) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int cleaned = cleanUp(registry, System.err);
        System.err.flush();
        // halt: the pipe watch may still sit in a native read, which would delay a normal exit.
        Runtime.getRuntime().halt(cleaned >= 0 ? 0 : 1);
    }

    private static void drain(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // The owner never writes; anything read is ignored.
            }
        } catch (IOException ended) {
            // Same as end of file.
        }
    }

    /** Python's tracker ignores SIGINT and SIGTERM; SIGHUP too here: the owner's death is the only signal. */
    private static void ignoreSignals() {
        // sun.misc.Signal through reflection: module jdk.unsupported is readable, but javac warns on direct use.
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object ignore = handlerClass.getField("SIG_IGN").get(null);
            for (String name : List.of("INT", "TERM", "HUP")) {
                try {
                    Object signal = signalClass.getConstructor(String.class).newInstance(name);
                    signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, ignore);
                } catch (ReflectiveOperationException | RuntimeException unavailable) {
                    // Keep the default for that signal.
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError unavailable) {
            // No way to ignore signals here: the tracker then ends with its process group.
        }
    }

    /**
     * Closes a registry to new registrations, waits for the processes that registered resources to end,
     * unlinks what is left registered and reports each on {@code out}.
     *
     * @return how many leaked resources were unlinked, or -1 if the registry could not be read
     */
    static int cleanUp(Path registry, PrintStream out) {
        Path closing = registry.resolveSibling(registry.getFileName() + ".closing");
        try {
            Files.move(registry, closing, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException none) {
            return 0;
        } catch (IOException e) {
            out.println("multiprocess resource tracker: cannot close registry " + registry + ": " + e);
            return -1;
        }
        awaitRegistrants(closing);
        int unlinked = 0;
        for (TrackedResource resource : ResourceTracker.read(closing)) {
            try {
                if (SharedSegment.unlink(resource.name())) {
                    unlinked++;
                    out.println("multiprocess resource tracker: unlinked leaked " + resource.type() + " '"
                            + resource.name()
                            + "' (" + resource.size() + " bytes, created by pid " + resource.creatorPid() + " at "
                            + resource.created() + "): its process tree ended without unlinking it");
                }
            } catch (RuntimeException e) {
                out.println("multiprocess resource tracker: cannot unlink leaked " + resource.type() + " '"
                        + resource.name() + "': " + e.getMessage());
            }
        }
        deleteAll(closing);
        return unlinked;
    }

    /** Waits (bounded) until no process that registered something runs: they may still unlink or create. */
    private static void awaitRegistrants(Path registry) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REGISTRANTS_GRACE_MILLIS);
        while (System.nanoTime() < deadline) {
            Set<Long> alive = new HashSet<>();
            for (TrackedResource resource : ResourceTracker.read(registry)) {
                if (ProcStat.isAlive(resource.creatorPid())) {
                    alive.add(resource.creatorPid());
                }
            }
            if (alive.isEmpty()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void deleteAll(Path dir) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            return;
        }
        for (Path entry : entries) {
            try {
                Files.deleteIfExists(entry);
            } catch (IOException ignored) {
                // Best effort: a stale file in a private directory harms nobody.
            }
        }
        try {
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // As above.
        }
    }
}
