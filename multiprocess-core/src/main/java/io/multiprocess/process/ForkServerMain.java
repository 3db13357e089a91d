package io.multiprocess.process;

import io.multiprocess.ProcessStartException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The forkserver: a JVM that keeps spare child JVMs ready and hands each process to one. Python's
 * {@code forkserver.main}.
 *
 * <p>It lives exactly as long as its client: its {@link ParentWatch} arms the parent-death signal at once
 * and polls its parent; when the client closes the
 * connection or dies, the server kills its spares and the children it started that still run, and exits.
 * Its spares watch it as spawned children watch their parent: they poll it every 100 ms while idle and
 * arm their own parent-death signal once their process has run for a second, so they die with it even
 * when it is killed by SIGKILL.
 *
 * <p>The children it starts are its own children: it reports each one's exit status to the client (the
 * child's own final report when it sends one, see {@link ExitReport}; the status it reaps otherwise) and
 * delivers the client's SIGTERM and SIGKILL to them. See {@link ForkServerProtocol} for the messages.
 *
 * <p>Not a program to run by hand: it reads its client's handshake from standard input.
 *
 * <p>The entry point of the forkserver's JVM and of its spares; nothing calls it in-process.
 */
public final class ForkServerMain {

    private final long pid = ProcessHandle.current().pid();
    private final @Nullable Pipe reports = openReportPipe();
    private final SparePools spares = new SparePools(pid, reportPath(reports, pid));
    private final Map<Long, Process> served = new ConcurrentHashMap<>();
    private final DataOutputStream out;

    // Under the lock of out: which children the client knows (STARTED sent), those whose end it was told,
    // and final reports that came before the child's STARTED.
    private final Set<Long> announced = new HashSet<>();
    private final Set<Long> reported = new HashSet<>();
    private final Map<Long, Integer> earlyReports = new HashMap<>();

    private ForkServerMain(DataOutputStream out) {
        this.out = out;
        if (reports != null) {
            Thread reader = new Thread(this::readReports, "multiprocess-forkserver-reports");
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** The pipe spares write their final reports into ({@link ExitReport}); null if it cannot be opened. */
    private static @Nullable Pipe openReportPipe() {
        try {
            return Pipe.open();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The path a spare opens to write into the pipe: {@code /proc/<pid>/fd/<n>}, so that no file exists that
     * a killed server would leave behind. The descriptor number comes from the JDK's channel implementation
     * (exported to this JVM by its command line); {@code "-"} when anything is missing.
     */
    private static String reportPath(@Nullable Pipe pipe, long pid) {
        if (pipe == null) {
            return "-";
        }
        try {
            Object fd =
                    Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal").invoke(pipe.sink());
            Path path = Path.of("/proc", Long.toString(pid), "fd", fd.toString());
            return Files.exists(path) ? path.toString() : "-";
        } catch (ReflectiveOperationException | RuntimeException | LinkageError unavailable) {
            return "-";
        }
    }

    /** Reads spares' final reports (pid and status, twelve bytes each) and passes them on. */
    private void readReports() {
        ByteBuffer message = ByteBuffer.allocate(ExitReport.MESSAGE_BYTES);
        try {
            while (true) {
                message.clear();
                while (message.hasRemaining()) {
                    if (reports.source().read(message) < 0) {
                        return;
                    }
                }
                finalReport(message.getLong(0), message.getInt(8));
            }
        } catch (IOException stopped) {
            // The server is shutting down.
        }
    }

    /** A child's own report of its end: told to the client now, unless the client does not know the child yet. */
    private void finalReport(long childPid, int status) {
        try {
            synchronized (out) {
                if (!served.containsKey(childPid) || reported.contains(childPid)) {
                    return;
                }
                if (!announced.contains(childPid)) {
                    earlyReports.put(childPid, status);
                    return;
                }
                writeExited(childPid, status);
                reported.add(childPid);
            }
        } catch (IOException clientGone) {
            // The request loop sees the end of the connection and shuts down.
        }
    }

    /** Under the lock of out. */
    private void writeExited(long childPid, int status) throws IOException {
        out.writeInt(ForkServerProtocol.EXITED);
        out.writeLong(childPid);
        out.writeInt(status);
        out.flush();
    }

    /**
     * Serves one client until it goes away.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        try {
            DataInputStream handshake = new DataInputStream(System.in);
            byte[] token = ForkServerProtocol.readBytes(handshake, 1024);
            String socket = ForkServerProtocol.readString(handshake);
            long clientPid = handshake.readLong();
            ParentWatch.start(clientPid, true);
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(ChannelStreams.out(channel), 1 << 16));
            ForkServerProtocol.writeBytes(out, token);
            out.writeLong(ProcessHandle.current().pid());
            out.flush();
            System.in.close();
            new ForkServerMain(out)
                    .serve(new DataInputStream(new BufferedInputStream(ChannelStreams.in(channel), 1 << 16)));
        } catch (IOException | RuntimeException e) {
            System.err.println("multiprocess: the forkserver (pid "
                    + ProcessHandle.current().pid() + ") stops: " + e);
        }
        Runtime.getRuntime().halt(0);
    }

    private void serve(DataInputStream in) throws IOException {
        try {
            while (true) {
                int type;
                try {
                    type = in.readInt();
                } catch (IOException clientGone) {
                    return;
                }
                switch (type) {
                    case ForkServerProtocol.START ->
                        start(
                                in.readLong(),
                                ForkServerProtocol.Configuration.readFrom(in),
                                ForkServerProtocol.readString(in),
                                ForkServerProtocol.readString(in),
                                ForkServerProtocol.readBytes(in, BootstrapFrame.MAX_PAYLOAD + (1 << 20)));
                    case ForkServerProtocol.SIGNAL -> signal(in.readLong(), in.readInt());
                    case ForkServerProtocol.STATUS -> status(in.readLong());
                    case ForkServerProtocol.PREPARE -> spares.prepare(ForkServerProtocol.Configuration.readFrom(in));
                    default -> throw new IOException("Unknown forkserver request " + type);
                }
            }
        } finally {
            spares.close();
            for (Process child : served.values()) {
                child.destroyForcibly();
            }
        }
    }

    private void start(
            long id, ForkServerProtocol.Configuration configuration, String output, String error, byte[] frame)
            throws IOException {
        Process child = null;
        SparePools.Spare spare;
        while (child == null && (spare = spares.take(configuration)) != null) {
            if (SparePools.handOver(spare, frame)) {
                child = spare.process;
            }
        }
        if (child == null) {
            List<String> command = new ArrayList<>(configuration.command());
            command.add(ChildJvmCommand.SERVED_ARGUMENT);
            command.add(Long.toString(pid));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(Redirect.PIPE)
                    .redirectOutput(StandardStreams.toRedirect(output))
                    .redirectError(StandardStreams.toRedirect(error));
            try {
                child = Spawner.start(builder, "a child JVM");
            } catch (ProcessStartException e) {
                synchronized (out) {
                    out.writeInt(ForkServerProtocol.FAILED);
                    out.writeLong(id);
                    ForkServerProtocol.writeString(out, String.valueOf(e.getMessage()));
                    out.flush();
                }
                return;
            }
            try (OutputStream stdin = child.getOutputStream()) {
                stdin.write(frame);
            } catch (IOException childAlreadyGone) {
                // It failed to boot; its exit status and standard error say why.
            }
        }
        Process started = child;
        long childPid = started.pid();
        served.put(childPid, started);
        synchronized (out) {
            out.writeInt(ForkServerProtocol.STARTED);
            out.writeLong(id);
            out.writeLong(childPid);
            out.flush();
            announced.add(childPid);
            Integer early = earlyReports.remove(childPid);
            if (early != null) {
                writeExited(childPid, early);
                reported.add(childPid);
            }
        }
        Thread waiter =
                new Thread(() -> awaitExit(started, configuration.key()), "multiprocess-forkserver-wait-" + childPid);
        waiter.setDaemon(true);
        waiter.start();
    }

    /**
     * Reports the child's exit as soon as the JVM's process reaper sees it ({@code waitFor} wakes up on the
     * reaper's notification, where {@code onExit()} would hop to a pool thread first), and refills the
     * spares when the child ends or {@link SparePools#REFILL_DELAY_MILLIS} ms later, so that a new spare's
     * boot does not compete for the CPU with a short process or its exit.
     */
    private void awaitExit(Process child, String key) {
        boolean refilled = false;
        while (true) {
            try {
                if (!refilled && !child.waitFor(SparePools.REFILL_DELAY_MILLIS, TimeUnit.MILLISECONDS)) {
                    spares.refill(key);
                    refilled = true;
                }
                child.waitFor();
                break;
            } catch (InterruptedException e) {
                // Nothing interrupts this thread on purpose: keep waiting for the exit to report.
            }
        }
        exited(child);
        if (!refilled) {
            spares.refill(key);
        }
    }

    /** The child was reaped: the client is told its status, unless the child's own report told it already. */
    private void exited(Process child) {
        long childPid = child.pid();
        try {
            synchronized (out) {
                served.remove(childPid);
                announced.remove(childPid);
                earlyReports.remove(childPid);
                if (!reported.remove(childPid)) {
                    writeExited(childPid, child.exitValue());
                }
            }
        } catch (IOException clientGone) {
            // The request loop sees the end of the connection and shuts down.
        }
    }

    private void signal(long childPid, int signal) {
        Process child = served.get(childPid);
        if (child != null) {
            if (signal == 9) {
                child.destroyForcibly();
            } else {
                child.destroy();
            }
        }
    }

    private void status(long id) throws IOException {
        List<List<Long>> idleAndReady = spares.idleAndReady();
        synchronized (out) {
            out.writeInt(ForkServerProtocol.STATE);
            out.writeLong(id);
            ForkServerProtocol.writeLongs(out, idleAndReady.get(0));
            ForkServerProtocol.writeLongs(out, idleAndReady.get(1));
            out.flush();
        }
    }
}
