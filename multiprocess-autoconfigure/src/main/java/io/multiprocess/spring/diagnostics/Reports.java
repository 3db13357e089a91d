package io.multiprocess.spring.diagnostics;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.origin.Origin;

/** The text of the analyses, laid out as Boot lays out its own binding failures. */
final class Reports {

    private Reports() {}

    /** The property's block: name, value, origin and reason, indented as in Boot's reports. */
    static String block(String name, @Nullable Object value, @Nullable Origin origin, @Nullable String reason) {
        StringBuilder text = new StringBuilder();
        text.append("    Property: ").append(name).append('\n');
        if (value != null) {
            text.append("    Value: \"").append(value).append("\"\n");
        }
        text.append("    Origin: ")
                .append(origin != null ? origin : "not tracked")
                .append('\n');
        if (reason != null) {
            text.append("    Reason: ").append(reason).append('\n');
        }
        return text.toString();
    }

    /** Where a value was set, for the action. */
    static String where(@Nullable Origin origin) {
        return origin != null ? "set in " + origin : "wherever it is set";
    }
}
