package io.multiprocess.util;

import io.multiprocess.process.InheritedLogging;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J back end of a child whose parent forwards its children's logs (see
 * {@link ProcessLogging#forwardChildLogs()}): every line at or above the parent's level goes to the
 * parent, which logs it through its own logging set-up, tagged with this process's name and pid. The child
 * adopts it at start-up through SLF4J's {@code slf4j.provider} property; not meant to be used otherwise.
 */
public final class ForwardingServiceProvider implements SLF4JServiceProvider {

    private final BasicMarkerFactory markers = new BasicMarkerFactory();
    private final BasicMDCAdapter mdc = new BasicMDCAdapter();
    private final ForwardingLoggers loggers;

    /** Made by SLF4J. */
    public ForwardingServiceProvider() {
        this.loggers = new ForwardingLoggers(System.getProperty(InheritedLogging.FORWARD_LOGS_PROPERTY, ""), mdc);
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // Connects on the first line.
    }
}
