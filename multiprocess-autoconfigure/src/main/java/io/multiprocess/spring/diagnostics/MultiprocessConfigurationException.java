package io.multiprocess.spring.diagnostics;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The start-up failed because of the values of some {@code multiprocess.*} properties, in a way that only
 * shows when they are used (more workers than the memory holds, a child JVM that cannot boot with the
 * configured options). {@link ConfigurationFailureAnalyzer} reports it in Boot's "APPLICATION FAILED TO
 * START" block with each property's value and where it was set.
 */
public class MultiprocessConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @serial the properties concerned */
    private final List<String> properties;

    /** @serial what to do */
    private final String action;

    /**
     * A failure caused by the given properties.
     *
     * @param properties the full names of the properties concerned, such as
     *                   {@code multiprocess.child.jvm-options}
     * @param message    what went wrong, for the analysis's description
     * @param action     what to change, for the analysis's action
     * @param cause      the failure underneath, or null
     */
    public MultiprocessConfigurationException(
            List<String> properties, String message, String action, @Nullable Throwable cause) {
        super(message, cause);
        this.properties = List.copyOf(properties);
        this.action = Objects.requireNonNull(action, "action");
    }

    /**
     * The properties concerned.
     *
     * @return their full names
     */
    public List<String> properties() {
        return properties;
    }

    /**
     * What to change.
     *
     * @return the action
     */
    public String action() {
        return action;
    }
}
