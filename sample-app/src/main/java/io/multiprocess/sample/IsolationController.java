package io.multiprocess.sample;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.process.ChildProcess;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Runs misbehaving work in a child JVM, where it cannot take the service down: a task that calls
 * {@code System.exit} ends its own process only.
 */
@RestController
@RequestMapping("/api")
public class IsolationController {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    private final ProcessContext processes;

    IsolationController(ProcessContext processes) {
        this.processes = processes;
    }

    /**
     * What a finished child reports.
     *
     * @param name     the process name
     * @param pid      the child's pid
     * @param exitCode how it ended
     * @param service  the pid of this service, still running
     */
    public record ChildReport(String name, long pid, int exitCode, long service) {
    }

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
        return new ChildReport(child.name(), child.pid().orElseThrow(), child.exitCode().orElseThrow(),
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
