package io.multiprocess.spring.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the traces that cross the process boundary: {@code multiprocess.tracing.*}.
 */
@ConfigurationProperties("multiprocess.tracing")
public class MultiprocessTracingProperties {

    /**
     * Whether every task of the application's pool (a call, or one chunk of a map or of a
     * {@code @ParallelMap} method) is a Micrometer observation in the caller's trace, and, with Micrometer
     * Tracing, whether the trace travels with the task and the worker's run becomes a span.
     */
    private boolean enabled = true;

    /**
     * Whether tracing of pool tasks is on.
     *
     * @return true if on
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Turns tracing of pool tasks on or off.
     *
     * @param enabled true for on
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }
}
