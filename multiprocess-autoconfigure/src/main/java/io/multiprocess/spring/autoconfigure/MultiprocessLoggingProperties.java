package io.multiprocess.spring.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the children's logging: {@code multiprocess.logging.*}.
 */
@ConfigurationProperties("multiprocess.logging")
public class MultiprocessLoggingProperties {

    /**
     * Whether the log lines of child processes (pool workers and the rest) go to the application's logging
     * system, under their own logger names, with the child's name and pid in the message and in the MDC
     * ("processName", "pid"), so that one application log shows the workers' lines. When false, children
     * write to their standard error, if they have an SLF4J back end of their own.
     */
    private boolean forwardChildren = true;

    /**
     * Whether children's log lines are forwarded.
     *
     * @return true if they are
     */
    public boolean isForwardChildren() {
        return forwardChildren;
    }

    /**
     * Turns forwarding of children's log lines on or off.
     *
     * @param forwardChildren true for on
     */
    public void setForwardChildren(boolean forwardChildren) {
        this.forwardChildren = forwardChildren;
    }
}
