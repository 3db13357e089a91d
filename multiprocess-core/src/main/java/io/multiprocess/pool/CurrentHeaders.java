package io.multiprocess.pool;

import io.multiprocess.process.InheritedLogging;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The headers of the task the calling thread runs in a worker, and in the MDC. Internal. */
final class CurrentHeaders {

    private static final ThreadLocal<@Nullable Map<String, String>> CURRENT = new ThreadLocal<>();

    private CurrentHeaders() {}

    /** Before a task runs. */
    static void enter(Map<String, String> headers) {
        CURRENT.set(headers);
        InheritedLogging.putInMdc(headers);
    }

    /** After it ran. */
    static void exit(Map<String, String> headers) {
        InheritedLogging.removeFromMdc(headers);
        CURRENT.remove();
    }

    static Map<String, String> get() {
        Map<String, String> headers = CURRENT.get();
        return headers != null ? headers : Map.of();
    }
}
