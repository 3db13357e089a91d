package io.multiprocess.sample;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.process.ChildProcess;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Runs misbehaving work in child JVMs, where it cannot take the service down: a task that calls
 * {@code System.exit}, exhausts its heap or loops forever ends (or is killed with) its own process only.
 */
@RestController
@RequestMapping("/api")
public class IsolationController {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    private final ProcessContext processes;
    private final MisbehavingTasks tasks;

    IsolationController(ProcessContext processes, MisbehavingTasks tasks) {
        this.processes = processes;
        this.tasks = tasks;
    }

    /**
     * What a task that behaved returned.
     *
     * @param kind    the kind of task
     * @param worker  the pid of the worker that ran it
     * @param service the pid of this service, still running
     */
    public record TaskReport(String kind, long worker, long service) {}

    /**
     * Runs a task of this kind in the isolation pool (one worker, {@code -Xmx64m}, a task timeout):
     * {@code heap} exhausts its heap, {@code exit} calls {@code System.exit(13)}, {@code loop} spins
     * forever, {@code behave} returns. The misbehaving ones answer 502 ({@code WorkerLostException}: the
     * worker died) or 504 ({@code TaskTimeoutException}: it was killed at the timeout) with a JSON body
     * saying so; the service keeps serving and the next task runs on a new worker.
     *
     * @param kind {@code behave}, {@code heap}, {@code exit} or {@code loop}
     * @return for {@code behave}, which worker ran it
     */
    @PostMapping("/misbehave/{kind}")
    public TaskReport misbehave(@PathVariable String kind) {
        MisbehavingTasks.Kind which = MisbehavingTasks.Kind.parse(kind);
        return new TaskReport(
                which.name().toLowerCase(Locale.ROOT),
                tasks.run(which),
                ProcessHandle.current().pid());
    }

    /**
     * What a finished child reports.
     *
     * @param name     the process name
     * @param pid      the child's pid
     * @param exitCode how it ended
     * @param service  the pid of this service, still running
     */
    public record ChildReport(String name, long pid, int exitCode, long service) {}

    /**
     * Runs a task that calls {@code System.exit(code)} in a child JVM and reports how the child ended.
     *
     * @param code the exit status the task asks for (0 to 127)
     * @return the child's report; the service keeps running
     */
    @PostMapping("/isolated/exit")
    public ChildReport exitInAChild(@RequestParam(defaultValue = "3") int code) {
        if (code < 0 || code > 127) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "code must be between 0 and 127");
        }
        ChildProcess child = processes.process(() -> System.exit(code));
        child.start();
        if (!child.join(LIMIT)) {
            child.kill();
            child.join(LIMIT);
        }
        return new ChildReport(
                child.name(),
                child.pid().orElseThrow(),
                child.exitCode().orElseThrow(),
                ProcessHandle.current().pid());
    }

    /**
     * The children of this service that are running now.
     *
     * @return their names
     */
    @GetMapping("/children")
    public List<String> children() {
        return Multiprocess.activeChildren().stream().map(ChildProcess::name).toList();
    }
}
