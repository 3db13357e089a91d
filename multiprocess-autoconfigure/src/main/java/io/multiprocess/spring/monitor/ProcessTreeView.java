package io.multiprocess.spring.monitor;

import io.multiprocess.Multiprocess;
import io.multiprocess.ProcessStateException;
import io.multiprocess.StartMethod;
import io.multiprocess.forkserver.ForkServer;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.process.ProcessRole;
import io.multiprocess.tracker.ResourceTracker;
import io.multiprocess.tracker.TrackedResource;
import io.multiprocess.util.ProcessTempDir;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A read-only view of this application's process tree, for monitoring: the child processes that run now
 * (with their role) and the named resources that could outlive a crash (shared-memory segments and
 * semaphores registered with the resource tracker, socket files in this process's private temporary
 * directory).
 * The actuator endpoints and the health indicator read it. Each call looks afresh; nothing is cached, and
 * nothing is created by looking (no tracker, no directory).
 */
public class ProcessTreeView {

    private final Clock clock;

    /** A view on the system clock. */
    public ProcessTreeView() {
        this(Clock.systemUTC());
    }

    /**
     * A view whose ages and uptimes are measured with {@code clock}.
     *
     * @param clock the clock
     */
    public ProcessTreeView(Clock clock) {
        this.clock = clock;
    }

    /**
     * The child processes of this JVM that run now, oldest first: those started through the library
     * ({@code Multiprocess.activeChildren()}: pool workers, and processes that forkserver spares took over,
     * included) and the library's helpers this JVM started: the resource tracker and the forkserver (whose
     * idle spares are its children, not this JVM's, and are not listed).
     *
     * @return descriptors of the children
     */
    public List<ChildDescriptor> children() {
        Instant now = clock.instant();
        List<ChildDescriptor> children = new ArrayList<>();
        for (ChildProcess child : Multiprocess.activeChildren()) {
            describe(child, now).ifPresent(children::add);
        }
        addHelper(ResourceTracker.ownTrackerPid(), "resource-tracker", ProcessRole.RESOURCE_TRACKER, now, children);
        addHelper(ForkServer.pid(), "forkserver", ProcessRole.FORKSERVER, now, children);
        children.sort(Comparator.comparing(ChildDescriptor::startTime, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparingLong(ChildDescriptor::pid));
        return children;
    }

    /** A helper process of the library that is not a {@link ChildProcess}: the tracker, the forkserver. */
    private static void addHelper(
            OptionalLong pid, String name, ProcessRole role, Instant now, List<ChildDescriptor> into) {
        if (pid.isEmpty()) {
            return;
        }
        ProcessHandle.of(pid.getAsLong()).filter(ProcessHandle::isAlive).ifPresent(process -> {
            Instant started = process.info().startInstant().orElse(null);
            into.add(new ChildDescriptor(
                    process.pid(),
                    name,
                    role.label(),
                    StartMethod.SPAWN.pythonName(),
                    true,
                    null,
                    started,
                    started == null ? null : Duration.between(started, now)));
        });
    }

    /**
     * The child processes of this JVM that run now and have {@code role}.
     *
     * @param role the role
     * @return descriptors of those children
     */
    public List<ChildDescriptor> children(ProcessRole role) {
        return children().stream()
                .filter(child -> child.role().equals(role.label()))
                .toList();
    }

    private static Optional<ChildDescriptor> describe(ChildProcess child, Instant now) {
        try {
            OptionalLong pid = child.pid();
            if (pid.isEmpty()) {
                return Optional.empty();
            }
            OptionalInt exit = child.exitCode();
            Instant started = child.startTime().orElse(null);
            Duration uptime = started == null ? null : Duration.between(started, now);
            return Optional.of(new ChildDescriptor(
                    pid.getAsLong(),
                    child.name(),
                    child.role().label(),
                    child.startMethod().map(StartMethod::pythonName).orElse(null),
                    exit.isEmpty(),
                    exit.isPresent() ? exit.getAsInt() : null,
                    started,
                    uptime));
        } catch (ProcessStateException closedMeanwhile) {
            return Optional.empty();
        }
    }

    /**
     * The named resources of this application's process tree, oldest first: what the resource tracker
     * holds (shared memory, and the segments behind locks, semaphores, values...), then the socket files
     * in this process's private temporary directory (pools, listeners, the resource sharer).
     *
     * @return descriptors of the resources
     */
    public List<ResourceDescriptor> resources() {
        Instant now = clock.instant();
        List<ResourceDescriptor> resources = new ArrayList<>();
        for (TrackedResource resource : ResourceTracker.resources()) {
            resources.add(new ResourceDescriptor(
                    resource.name(),
                    resource.type(),
                    resource.size(),
                    resource.creatorPid(),
                    resource.created(),
                    age(resource.created(), now)));
        }
        List<ResourceDescriptor> sockets = new ArrayList<>();
        ProcessTempDir.existing().ifPresent(dir -> addSocketFiles(dir, now, sockets));
        sockets.sort(Comparator.comparing(ResourceDescriptor::created));
        resources.addAll(sockets);
        return resources;
    }

    private static void addSocketFiles(Path dir, Instant now, List<ResourceDescriptor> into) {
        long pid = ProcessHandle.current().pid();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class);
                    if (attributes.isOther()) {
                        Instant created = attributes.lastModifiedTime().toInstant();
                        into.add(new ResourceDescriptor(
                                entry.toString(), "socket_file", 0, pid, created, age(created, now)));
                    }
                } catch (IOException goneMeanwhile) {
                    // Closed while we looked: not a resource any more.
                }
            }
        } catch (IOException goneMeanwhile) {
            // The directory is being removed at exit.
        }
    }

    private static Duration age(Instant created, Instant now) {
        Duration age = Duration.between(created, now);
        return age.isNegative() ? Duration.ZERO : age;
    }
}
