package io.multiprocess.spring.autoconfigure;

import io.multiprocess.serialization.DeserializationPolicy;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What peers may make this application instantiate ({@link DeserializationPolicy}), under
 * {@code multiprocess.serialization}: applied to the auto-configured manager, whose server refuses values
 * of classes outside the allow-list when it is enforced (by default, when it binds a non-loopback
 * address).
 *
 * <pre>{@code
 * multiprocess:
 *   manager:
 *     address: :50000             # every interface: the allow-list is enforced
 *   serialization:
 *     allowed-classes: [com.acme.orders.**, com.acme.Money]
 * }</pre>
 */
@ConfigurationProperties(prefix = "multiprocess.serialization")
public class MultiprocessSerializationProperties {

    /**
     * When the allow-list is enforced: non-loopback (the default: for a manager that binds, or connects
     * to, a TCP address other than a loopback one, the wildcard address included), always, or never (trust
     * authenticated peers as Python's pickle does).
     */
    private DeserializationPolicy.Enforcement enforcement = DeserializationPolicy.Enforcement.NON_LOOPBACK;

    /**
     * The application's classes peers may send, besides the JDK's value types and the library's own: a
     * class name (com.acme.Order, nested classes as com.acme.Order$Line), a package (com.acme.model.*) or
     * a package and its sub-packages (com.acme.**).
     */
    private List<String> allowedClasses = new ArrayList<>();

    /** The deepest nesting of objects Java deserialization accepts in one value (exceptions, some JDK types). */
    private int maxDepth = DeserializationPolicy.DEFAULT_MAX_DEPTH;

    /** The largest number of objects and references Java deserialization accepts in one value. */
    private long maxReferences = DeserializationPolicy.DEFAULT_MAX_REFERENCES;

    /** The longest array Java deserialization accepts; never more than the bytes of the value either. */
    private int maxArrayLength = DeserializationPolicy.DEFAULT_MAX_ARRAY_LENGTH;

    /**
     * When the allow-list is enforced.
     *
     * @return the enforcement
     */
    public DeserializationPolicy.Enforcement getEnforcement() {
        return enforcement;
    }

    /**
     * Sets when the allow-list is enforced.
     *
     * @param enforcement the enforcement
     */
    public void setEnforcement(DeserializationPolicy.Enforcement enforcement) {
        this.enforcement = enforcement;
    }

    /**
     * The application's allowed classes and packages.
     *
     * @return the patterns
     */
    public List<String> getAllowedClasses() {
        return allowedClasses;
    }

    /**
     * Sets the application's allowed classes and packages.
     *
     * @param allowedClasses the patterns
     */
    public void setAllowedClasses(List<String> allowedClasses) {
        this.allowedClasses = allowedClasses;
    }

    /**
     * The deepest nesting Java deserialization accepts.
     *
     * @return the depth
     */
    public int getMaxDepth() {
        return maxDepth;
    }

    /**
     * Sets the deepest nesting Java deserialization accepts.
     *
     * @param maxDepth the depth
     */
    public void setMaxDepth(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    /**
     * The largest number of objects and references Java deserialization accepts.
     *
     * @return the count
     */
    public long getMaxReferences() {
        return maxReferences;
    }

    /**
     * Sets the largest number of objects and references Java deserialization accepts.
     *
     * @param maxReferences the count
     */
    public void setMaxReferences(long maxReferences) {
        this.maxReferences = maxReferences;
    }

    /**
     * The longest array Java deserialization accepts.
     *
     * @return the length
     */
    public int getMaxArrayLength() {
        return maxArrayLength;
    }

    /**
     * Sets the longest array Java deserialization accepts.
     *
     * @param maxArrayLength the length
     */
    public void setMaxArrayLength(int maxArrayLength) {
        this.maxArrayLength = maxArrayLength;
    }

    /**
     * The policy these settings describe.
     *
     * @return the policy
     * @throws IllegalArgumentException for a pattern or limit that is not valid, naming the property
     */
    public DeserializationPolicy toPolicy() {
        try {
            return DeserializationPolicy.builder()
                    .enforcement(enforcement)
                    .allow(allowedClasses)
                    .maxDepth(maxDepth)
                    .maxReferences(maxReferences)
                    .maxArrayLength(maxArrayLength)
                    .build();
        } catch (IllegalArgumentException e) {
            // Without the cause, so that the root cause of a failed start names the property.
            throw new IllegalArgumentException("multiprocess.serialization: " + e.getMessage());
        }
    }
}
