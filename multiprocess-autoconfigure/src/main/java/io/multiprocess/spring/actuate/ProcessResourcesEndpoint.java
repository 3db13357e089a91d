package io.multiprocess.spring.actuate;

import io.multiprocess.spring.monitor.ProcessTreeView;
import io.multiprocess.spring.monitor.ResourceDescriptor;
import io.multiprocess.tracker.ResourceTracker;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code processresources} endpoint: the named resources of this application's process tree that
 * would have to be cleaned up after a crash: shared-memory segments and semaphores registered with the
 * resource tracker, and socket files, each with its name, type, size, creator pid and age. Python's
 * {@code resource_tracker}, made visible.
 */
@Endpoint(id = "processresources")
public class ProcessResourcesEndpoint {

    private final ProcessTreeView view;

    /**
     * An endpoint reading {@code view}.
     *
     * @param view the view of the process tree
     */
    public ProcessResourcesEndpoint(ProcessTreeView view) {
        this.view = view;
    }

    /**
     * The resources that exist now.
     *
     * @return the tracker's pid (null when the tree has no tracker yet) and the resources, oldest first
     */
    @ReadOperation
    public ProcessResourcesDescriptor resources() {
        OptionalLong tracker = ResourceTracker.trackerPid();
        return new ProcessResourcesDescriptor(tracker.isPresent() ? tracker.getAsLong() : null, view.resources());
    }

    /**
     * What the endpoint returns.
     *
     * @param trackerPid the pid of the resource tracker that cleans up after the tree, or null if none runs yet
     * @param resources  the resources
     */
    public record ProcessResourcesDescriptor(@Nullable Long trackerPid, List<ResourceDescriptor> resources)
            implements OperationResponseBody {}
}
