package io.multiprocess.spring.actuate;

import io.multiprocess.spring.monitor.ChildDescriptor;
import io.multiprocess.spring.monitor.ProcessTreeView;
import java.util.List;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code childprocesses} endpoint: the child processes this application runs now, each with its pid,
 * name, role (plain process, pool worker, manager, forkserver, resource tracker), start method, start
 * time and uptime. Python's {@code active_children()}, for operators.
 */
@Endpoint(id = "childprocesses")
public class ChildProcessesEndpoint {

    private final ProcessTreeView view;

    /**
     * An endpoint reading {@code view}.
     *
     * @param view the view of the process tree
     */
    public ChildProcessesEndpoint(ProcessTreeView view) {
        this.view = view;
    }

    /**
     * The children running now.
     *
     * @return this JVM's pid and its children, oldest first
     */
    @ReadOperation
    public ChildProcessesDescriptor children() {
        return new ChildProcessesDescriptor(ProcessHandle.current().pid(), view.children());
    }

    /**
     * What the endpoint returns.
     *
     * @param pid      the pid of this application's JVM, the children's parent
     * @param children the children running now
     */
    public record ChildProcessesDescriptor(long pid, List<ChildDescriptor> children) implements OperationResponseBody {}
}
