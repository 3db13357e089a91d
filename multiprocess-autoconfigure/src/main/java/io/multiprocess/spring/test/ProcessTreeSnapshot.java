package io.multiprocess.spring.test;

import io.multiprocess.util.ProcessTempDir;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What existed when a test began (live descendants of the test JVM, {@code /dev/shm} entries, socket files
 * in the JVM's private temporary directory), and the pids of every descendant seen while the test ran:
 * a sampler thread looks every few milliseconds, so that segments and directories of children that
 * ended during the test can be attributed to them.
 */
final class ProcessTreeSnapshot {

    static final Path SHM = Path.of("/dev/shm");

    /** When the snapshot was taken, a second early so that coarse file times compare safely. */
    final Instant taken;

    final Set<Long> liveBefore;
    final Set<String> shmBefore;
    final Set<Path> socketsBefore;

    private final Set<Long> seen = ConcurrentHashMap.newKeySet();
    private final Thread sampler;
    private volatile boolean sampling = true;

    private ProcessTreeSnapshot() {
        taken = Instant.now().minusSeconds(1);
        liveBefore =
                ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
        shmBefore = shmEntries();
        socketsBefore = socketFiles();
        seen.add(ProcessHandle.current().pid());
        sampler = new Thread(this::sampleUntilStopped, "no-leftovers-sampler");
        sampler.setDaemon(true);
    }

    /** Takes a snapshot and starts sampling descendants. */
    static ProcessTreeSnapshot take() {
        ProcessTreeSnapshot snapshot = new ProcessTreeSnapshot();
        snapshot.sampler.start();
        return snapshot;
    }

    /** Stops the sampler (waiting at most a second for it) and samples one last time. */
    void stopSampling() {
        sampling = false;
        sampler.interrupt();
        try {
            sampler.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
    }

    /** Pids of the test JVM and of every descendant seen since the snapshot. */
    Set<Long> seenPids() {
        return Set.copyOf(seen);
    }

    private void sampleUntilStopped() {
        while (sampling) {
            sample();
            try {
                Thread.sleep(15);
            } catch (InterruptedException stopped) {
                return;
            }
        }
    }

    private void sample() {
        ProcessHandle.current().descendants().forEach(process -> seen.add(process.pid()));
    }

    /** Names of the entries of {@code /dev/shm} now (empty where there is none). */
    static Set<String> shmEntries() {
        Set<String> names = new HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(SHM)) {
            entries.forEach(entry -> names.add(entry.getFileName().toString()));
        } catch (IOException noShm) {
            return names;
        }
        return names;
    }

    /** Pool and listener socket files in this JVM's private temporary directory now. */
    static Set<Path> socketFiles() {
        Path dir = ProcessTempDir.existing().orElse(null);
        if (dir == null) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> {
                        String name = file.getFileName().toString();
                        // A worker's stderr tail (<pool socket>.w<N>.err) is its pool's, removed as the worker ends.
                        return (name.startsWith("pool-") || name.startsWith("listener-")) && !name.endsWith(".err");
                    })
                    .map(Path::toAbsolutePath)
                    .collect(Collectors.toSet());
        } catch (IOException goneMeanwhile) {
            return Set.of();
        }
    }
}
