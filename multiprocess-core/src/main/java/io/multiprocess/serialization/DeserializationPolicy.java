package io.multiprocess.serialization;

import io.multiprocess.SerializationException;
import java.io.ObjectInputFilter;
import java.io.Serial;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What bytes from a peer may make this process instantiate: beyond pickle's trust, an allow-list of
 * classes for servers that listen on a network.
 *
 * <p>Kryo, like pickle, creates objects of whatever classes the bytes name, and Java serialization (used
 * inside Kryo for exceptions and some JDK classes) runs their {@code readObject} hooks. A peer that proved
 * it knows the authentication key is trusted that far by default on loopback and Unix-domain sockets. When
 * the policy is {@linkplain #isEnforcing() enforced}, every class named in what a peer sends must be:
 *
 * <ul>
 *   <li>one the application names ({@link Builder#allow(String...)}): a class {@code com.acme.Order}, a
 *       package {@code com.acme.model.*} (its classes, nested ones included), or a package and its
 *       sub-packages {@code com.acme.**};</li>
 *   <li>one of the JDK's value types: strings, boxed primitives, {@code BigDecimal}, {@code BigInteger},
 *       {@code UUID}, {@code URI}, {@code Pattern}, {@code Optional}, {@code java.time}, the collections
 *       and maps of {@code java.util} and {@code java.util.concurrent} with their immutable, empty,
 *       singleton and wrapper forms, atomics, paths, and the JDK's exceptions;</li>
 *   <li>one of this library's types ({@code io.multiprocess.*}, loaded from the library's own jar): its
 *       references, stand-ins and exceptions.</li>
 * </ul>
 *
 * <p>An array is allowed when its element type is; an enum constant with a body of its own when its enum
 * is. A lambda (or method reference) is allowed when the class that created it (its capturing class) is:
 * the lambda is rebuilt by that class's own {@code $deserializeLambda$}, which only recreates lambdas
 * written in that class, so allowing the class allows exactly the lambdas its code contains. A class the
 * policy refuses is never instantiated: the read fails with a {@link SerializationException} that names
 * the class and this setting.
 *
 * <p>Java deserialization always runs with a JEP 290 {@link ObjectInputFilter} built from this policy:
 * the classes as above when enforced, and limits at all times: the nesting depth, the number of
 * references, and the length of arrays, which can never exceed the bytes that carry them (so a few bytes
 * cannot make the reader allocate a large array).
 *
 * <p>When the policy applies ({@link Enforcement}): by default ({@link #defaults()}) it is enforced for
 * servers and connections on a non-loopback TCP address, and not on loopback addresses and Unix-domain
 * sockets, where peers run on the same machine. Immutable and thread-safe; serializable, so that it
 * travels to a manager's server process.
 */
public final class DeserializationPolicy implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The default deepest nesting of objects in one Java-serialized value. */
    public static final int DEFAULT_MAX_DEPTH = 1_000;

    /** The default largest number of objects and references in one Java-serialized value. */
    public static final long DEFAULT_MAX_REFERENCES = 10_000_000L;

    /** The default longest array in one Java-serialized value (also never more than its bytes). */
    public static final int DEFAULT_MAX_ARRAY_LENGTH = Integer.MAX_VALUE;

    private static final Pattern NAME_PATTERN =
            Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}$]*"
                    + "(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}$]*)*(\\.\\*\\*?)?");

    private static final DeserializationPolicy DEFAULTS = builder().build();
    private static final DeserializationPolicy TRUST_ALL =
            builder().enforcement(Enforcement.NEVER).build();

    /** When a policy is enforced. */
    public enum Enforcement {
        /** Always, whatever the address. */
        ALWAYS,
        /**
         * For servers bound to, and clients connected to, a TCP address that is not a loopback address
         * (the wildcard address included); not on loopback addresses and Unix-domain sockets.
         */
        NON_LOOPBACK,
        /** Never: authenticated peers are trusted as pickle trusts them (the limits still hold). */
        NEVER
    }

    private final Enforcement enforcement;
    private final List<String> allowed;
    private final int maxDepth;
    private final long maxReferences;
    private final int maxArrayLength;
    private transient volatile @Nullable ClassValue<Boolean> verdicts;

    private DeserializationPolicy(Builder builder) {
        this.enforcement = builder.enforcement;
        this.allowed = List.copyOf(builder.allowed);
        this.maxDepth = builder.maxDepth;
        this.maxReferences = builder.maxReferences;
        this.maxArrayLength = builder.maxArrayLength;
    }

    /**
     * The default: enforced on non-loopback addresses, no application classes, default limits.
     *
     * @return the default policy
     */
    public static DeserializationPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * Never enforced: authenticated peers may make this process instantiate any class, as with pickle
     * (Java deserialization keeps its limits).
     *
     * @return the trusting policy
     */
    public static DeserializationPolicy trustAll() {
        return TRUST_ALL;
    }

    /**
     * A builder starting from the {@linkplain #defaults() defaults}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from this policy.
     *
     * @return a new builder with this policy's settings
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.enforcement = enforcement;
        builder.allowed.addAll(allowed);
        builder.maxDepth = maxDepth;
        builder.maxReferences = maxReferences;
        builder.maxArrayLength = maxArrayLength;
        return builder;
    }

    /**
     * When this policy is enforced.
     *
     * @return the enforcement
     */
    public Enforcement enforcement() {
        return enforcement;
    }

    /**
     * The classes and packages the application allows, as given to {@link Builder#allow(String...)}.
     *
     * @return the patterns, in order
     */
    public List<String> allowedClasses() {
        return allowed;
    }

    /**
     * The deepest nesting of objects Java deserialization accepts in one value.
     *
     * @return the depth
     */
    public int maxDepth() {
        return maxDepth;
    }

    /**
     * The largest number of objects and references Java deserialization accepts in one value.
     *
     * @return the count
     */
    public long maxReferences() {
        return maxReferences;
    }

    /**
     * The longest array Java deserialization accepts (never more than the bytes of the value either).
     *
     * @return the length
     */
    public int maxArrayLength() {
        return maxArrayLength;
    }

    /**
     * Whether reads under this policy check classes: true for {@link Enforcement#ALWAYS}, and for
     * {@link Enforcement#NON_LOOPBACK} until it is {@linkplain #forAddress resolved} (an unresolved policy
     * errs on the safe side); false for {@link Enforcement#NEVER}.
     *
     * @return whether classes are checked
     */
    public boolean isEnforcing() {
        return enforcement != Enforcement.NEVER;
    }

    /**
     * This policy as it applies to a server bound to, or a client connected to, an address: enforced
     * ({@link Enforcement#ALWAYS}) or not ({@link Enforcement#NEVER}).
     *
     * @param address the address; a Unix-domain socket address, a TCP address, or null for a fresh
     *     Unix-domain socket
     * @return the policy with its enforcement decided
     */
    public DeserializationPolicy forAddress(@Nullable SocketAddress address) {
        if (enforcement != Enforcement.NON_LOOPBACK) {
            return this;
        }
        boolean enforce = address instanceof InetSocketAddress inet && !isLoopback(inet);
        return toBuilder()
                .enforcement(enforce ? Enforcement.ALWAYS : Enforcement.NEVER)
                .build();
    }

    private static boolean isLoopback(InetSocketAddress address) {
        if (address.isUnresolved()) {
            return "localhost".equalsIgnoreCase(address.getHostString());
        }
        return address.getAddress().isLoopbackAddress();
    }

    /**
     * Whether this policy allows instances of a class when it is enforced.
     *
     * @param type the class
     * @return true if allowed
     */
    public boolean allows(Class<?> type) {
        ClassValue<Boolean> cache = verdicts;
        if (cache == null) {
            cache = new ClassValue<>() {
                @Override
                protected Boolean computeValue(Class<?> candidate) {
                    return decide(candidate);
                }
            };
            verdicts = cache;
        }
        return cache.get(type);
    }

    private boolean decide(Class<?> type) {
        Class<?> element = type;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        if (!element.isEnum()
                && element.getSuperclass() != null
                && element.getSuperclass().isEnum()) {
            element = element.getSuperclass(); // an enum constant with a body of its own
        }
        if (TrustedTypes.isTrusted(element)) {
            return true;
        }
        String name = element.getName();
        for (String pattern : allowed) {
            if (matches(pattern, name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String pattern, String name) {
        if (pattern.endsWith(".**")) {
            return name.startsWith(pattern.substring(0, pattern.length() - 2));
        }
        if (pattern.endsWith(".*")) {
            String prefix = pattern.substring(0, pattern.length() - 1);
            return name.startsWith(prefix) && name.indexOf('.', prefix.length()) < 0;
        }
        return name.equals(pattern);
    }

    /**
     * Refuses a class this policy does not allow, when it is enforced.
     *
     * @param type the class a peer's bytes name
     * @throws DeserializationRefusedException naming the class and how to allow it, if refused
     */
    public void check(Class<?> type) {
        if (isEnforcing() && !allows(type)) {
            throw refusal(type.getName());
        }
    }

    /**
     * The exception for a refused class: names it, and the settings that allow it.
     *
     * @param className the refused class's name
     * @return the exception
     */
    static DeserializationRefusedException refusal(String className) {
        return new DeserializationRefusedException(
                "Refused to deserialize an instance of " + className + " sent by a peer: the class is not on the "
                        + "deserialization allow-list, which is enforced for servers and connections on "
                        + "non-loopback addresses. Allow it with DeserializationPolicy.builder().allow(\"" + className
                        + "\") (or its package, \"pkg.*\" / \"pkg.**\"), in Spring with the property "
                        + "multiprocess.serialization.allowed-classes; or trust authenticated peers as pickle does "
                        + "with Enforcement.NEVER (multiprocess.serialization.enforcement=never)",
                className);
    }

    /**
     * A JEP 290 filter for one Java-serialized value: this policy's classes when it is enforced, and its
     * limits always, with arrays never longer than the value's bytes.
     *
     * @param streamBytes the length of the serialized value
     * @return a new filter, which remembers the first class it refused
     */
    ObjectInputFilter filter(long streamBytes) {
        return new PolicyInputFilter(this, streamBytes);
    }

    @Serial
    private Object readResolve() {
        return toBuilder().build();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DeserializationPolicy that
                && enforcement == that.enforcement
                && allowed.equals(that.allowed)
                && maxDepth == that.maxDepth
                && maxReferences == that.maxReferences
                && maxArrayLength == that.maxArrayLength;
    }

    @Override
    public int hashCode() {
        return Objects.hash(enforcement, allowed, maxDepth, maxReferences, maxArrayLength);
    }

    @Override
    public String toString() {
        return "DeserializationPolicy[" + enforcement + ", allowed=" + allowed + ", maxDepth=" + maxDepth
                + ", maxReferences=" + maxReferences + ", maxArrayLength=" + maxArrayLength + "]";
    }

    /** Builds a {@link DeserializationPolicy}; not thread-safe. */
    public static final class Builder {

        private Enforcement enforcement = Enforcement.NON_LOOPBACK;
        private final List<String> allowed = new ArrayList<>();
        private int maxDepth = DEFAULT_MAX_DEPTH;
        private long maxReferences = DEFAULT_MAX_REFERENCES;
        private int maxArrayLength = DEFAULT_MAX_ARRAY_LENGTH;

        private Builder() {}

        /**
         * When the policy is enforced; {@link Enforcement#NON_LOOPBACK} by default.
         *
         * @param enforcement when
         * @return this builder
         */
        public Builder enforcement(Enforcement enforcement) {
            this.enforcement = Objects.requireNonNull(enforcement, "enforcement");
            return this;
        }

        /**
         * Allows application classes: {@code com.acme.Order} (that class; nested classes are named
         * {@code com.acme.Order$Line}), {@code com.acme.model.*} (the classes of that package, nested ones
         * included), {@code com.acme.**} (that package and its sub-packages).
         *
         * @param patterns class names or package patterns
         * @return this builder
         * @throws IllegalArgumentException for a pattern that is not a class name or package pattern
         */
        public Builder allow(String... patterns) {
            for (String pattern : patterns) {
                String trimmed = pattern.trim();
                if (!NAME_PATTERN.matcher(trimmed).matches()) {
                    throw new IllegalArgumentException("Not a class name or package pattern: '" + pattern
                            + "'; write com.acme.Order, com.acme.model.* or com.acme.**");
                }
                allowed.add(trimmed);
            }
            return this;
        }

        /**
         * Allows application classes, as {@link #allow(String...)} does.
         *
         * @param patterns class names or package patterns
         * @return this builder
         */
        public Builder allow(List<String> patterns) {
            return allow(patterns.toArray(String[]::new));
        }

        /**
         * Allows classes.
         *
         * @param types the classes
         * @return this builder
         */
        public Builder allow(Class<?>... types) {
            for (Class<?> type : types) {
                allowed.add(type.getName());
            }
            return this;
        }

        /**
         * The deepest nesting of objects Java deserialization accepts in one value; default
         * {@value DeserializationPolicy#DEFAULT_MAX_DEPTH}.
         *
         * @param depth at least 1
         * @return this builder
         */
        public Builder maxDepth(int depth) {
            if (depth < 1) {
                throw new IllegalArgumentException("The maximum depth must be positive, not " + depth);
            }
            this.maxDepth = depth;
            return this;
        }

        /**
         * The largest number of objects and references Java deserialization accepts in one value;
         * default {@value DeserializationPolicy#DEFAULT_MAX_REFERENCES}.
         *
         * @param count at least 1
         * @return this builder
         */
        public Builder maxReferences(long count) {
            if (count < 1) {
                throw new IllegalArgumentException("The maximum number of references must be positive, not " + count);
            }
            this.maxReferences = count;
            return this;
        }

        /**
         * The longest array Java deserialization accepts; by default only the value's own length bounds
         * it.
         *
         * @param length at least 0
         * @return this builder
         */
        public Builder maxArrayLength(int length) {
            if (length < 0) {
                throw new IllegalArgumentException("The maximum array length cannot be negative: " + length);
            }
            this.maxArrayLength = length;
            return this;
        }

        /**
         * The policy.
         *
         * @return an immutable policy
         */
        public DeserializationPolicy build() {
            return new DeserializationPolicy(this);
        }
    }
}
