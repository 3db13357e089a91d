package io.multiprocess.serialization;

import java.io.ObjectInputFilter;
import org.jspecify.annotations.Nullable;

/**
 * The JEP 290 filter of one Java-serialized value under a {@link DeserializationPolicy}: refuses classes
 * the policy does not allow (when enforced), values nested or referencing beyond its limits, and arrays
 * longer than its limit or than the value's bytes (each element takes at least one byte). Defers to the
 * JVM-wide filter ({@code jdk.serialFilter}) for what it lets through. Remembers what it refused first,
 * so that the reader can say so rather than report "filter status: REJECTED".
 */
final class PolicyInputFilter implements ObjectInputFilter {

    private final DeserializationPolicy policy;
    private final long streamBytes;
    private final @Nullable ObjectInputFilter jvmWide = Config.getSerialFilter();
    private @Nullable DeserializationRefusedException refusal;

    PolicyInputFilter(DeserializationPolicy policy, long streamBytes) {
        this.policy = policy;
        this.streamBytes = streamBytes;
    }

    @Override
    public Status checkInput(FilterInfo info) {
        Class<?> type = info.serialClass();
        if (type != null && policy.isEnforcing() && !policy.allows(type)) {
            return refuse(DeserializationPolicy.refusal(type.getName()));
        }
        long length = info.arrayLength();
        if (length > Math.min(policy.maxArrayLength(), streamBytes)) {
            return refuse(limit("an array of " + length + " elements, longer than "
                    + (length > streamBytes
                            ? "the " + streamBytes + " bytes that carry it"
                            : "the maximum array length")
                    + " (DeserializationPolicy.maxArrayLength " + policy.maxArrayLength() + ")"));
        }
        if (info.depth() > policy.maxDepth()) {
            return refuse(limit("objects nested " + info.depth() + " deep, beyond DeserializationPolicy.maxDepth "
                    + policy.maxDepth()));
        }
        if (info.references() > policy.maxReferences()) {
            return refuse(limit("more than " + policy.maxReferences()
                    + " objects and references (DeserializationPolicy.maxReferences)"));
        }
        if (jvmWide != null) {
            Status status = jvmWide.checkInput(info);
            if (status == Status.REJECTED) {
                return refuse(new DeserializationRefusedException(
                        "Refused to deserialize a value sent by a peer: the JVM-wide serial filter (jdk.serialFilter) "
                                + "rejected " + (type == null ? "it" : type.getName()),
                        type == null ? null : type.getName()));
            }
            return status;
        }
        return type != null && policy.isEnforcing() ? Status.ALLOWED : Status.UNDECIDED;
    }

    private Status refuse(DeserializationRefusedException why) {
        if (refusal == null) {
            refusal = why;
        }
        return Status.REJECTED;
    }

    private static DeserializationRefusedException limit(String what) {
        return new DeserializationRefusedException(
                "Refused to deserialize a value sent by a peer: it holds " + what
                        + "; raise the limit in the DeserializationPolicy if the value is legitimate",
                null);
    }

    /** The refusal behind a failed read, when this filter refused something; null otherwise. */
    @Nullable
    DeserializationRefusedException refusal() {
        return refusal;
    }
}
