package io.multiprocess.serialization;

import java.lang.reflect.InvocationHandler;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The classes every {@link DeserializationPolicy} allows besides the application's: the JDK's value
 * types (strings, boxed primitives, {@code java.time}, {@code BigDecimal}, {@code UUID}, collections and
 * their immutable and wrapper forms, JDK exceptions) and this library's own types (from the library's
 * own jar or classes directory), whose stand-ins are how connections, queues, locks and proxies travel. Arrays and enum constants are judged by their
 * element and enum class, in {@link DeserializationPolicy#allows(Class)}.
 */
final class TrustedTypes {

    private static final Set<String> JDK_CLASSES = Set.of(
            "java.lang.Object",
            "java.lang.String",
            "java.lang.Boolean",
            "java.lang.Byte",
            "java.lang.Short",
            "java.lang.Character",
            "java.lang.Integer",
            "java.lang.Long",
            "java.lang.Float",
            "java.lang.Double",
            "java.lang.Number",
            "java.lang.Void",
            "java.lang.Enum",
            "java.lang.StackTraceElement",
            "java.lang.String$CaseInsensitiveComparator",
            // Java serialization's form of a serializable lambda; its capturing class is checked by name.
            "java.lang.invoke.SerializedLambda",
            "java.math.BigDecimal",
            "java.math.BigInteger",
            "java.net.URI",
            "java.util.regex.Pattern",
            "java.util.UUID",
            "java.util.Optional",
            "java.util.OptionalInt",
            "java.util.OptionalLong",
            "java.util.OptionalDouble",
            "java.util.Date",
            "java.util.Locale",
            "java.util.Currency",
            "java.util.BitSet",
            "java.util.ArrayList",
            "java.util.LinkedList",
            "java.util.Vector",
            "java.util.ArrayDeque",
            "java.util.PriorityQueue",
            "java.util.HashMap",
            "java.util.LinkedHashMap",
            "java.util.TreeMap",
            "java.util.Hashtable",
            "java.util.IdentityHashMap",
            "java.util.EnumMap",
            "java.util.HashSet",
            "java.util.LinkedHashSet",
            "java.util.TreeSet",
            "java.util.EnumSet",
            "java.util.RegularEnumSet",
            "java.util.JumboEnumSet",
            "java.util.EnumSet$SerializationProxy",
            "java.util.Arrays$ArrayList",
            "java.util.CollSer",
            "java.util.KeyValueHolder",
            "java.util.AbstractMap$SimpleEntry",
            "java.util.AbstractMap$SimpleImmutableEntry",
            "java.util.Comparators$NaturalOrderComparator",
            "java.util.concurrent.ConcurrentHashMap",
            "java.util.concurrent.ConcurrentSkipListMap",
            "java.util.concurrent.ConcurrentSkipListSet",
            "java.util.concurrent.CopyOnWriteArrayList",
            "java.util.concurrent.CopyOnWriteArraySet",
            "java.util.concurrent.ConcurrentLinkedQueue",
            "java.util.concurrent.ConcurrentLinkedDeque",
            "java.util.concurrent.TimeUnit",
            "java.util.concurrent.atomic.AtomicBoolean",
            "java.util.concurrent.atomic.AtomicInteger",
            "java.util.concurrent.atomic.AtomicLong",
            "java.util.concurrent.atomic.AtomicReference",
            // What Kryo writes for a lambda; LambdaSerializer checks the capturing class.
            "com.esotericsoftware.kryo.serializers.ClosureSerializer$Closure");

    /** Prefixes of JDK class names allowed as a family: java.time, and the collections' forms. */
    private static final String[] JDK_PREFIXES = {
        "java.time.",
        "java.util.ImmutableCollections$",
        "java.util.Collections$Empty",
        "java.util.Collections$Singleton",
        "java.util.Collections$Unmodifiable",
        "java.util.Collections$Synchronized",
        "java.util.Collections$Reverse",
    };

    /** The library's own packages: its stand-ins, references and exceptions. */
    private static final String LIBRARY_PREFIX = "io.multiprocess.";

    /** Where the library's classes come from: a class of its packages from elsewhere is not the library's. */
    private static final @Nullable CodeSource LIBRARY = codeSourceOf(TrustedTypes.class);

    private TrustedTypes() {}

    /**
     * Whether a class (not an array, not an enum constant's body) is allowed whatever the application
     * names.
     */
    static boolean isTrusted(Class<?> type) {
        if (type.isPrimitive()) {
            return true;
        }
        String name = type.getName();
        if (JDK_CLASSES.contains(name) || isLibraryClass(type)) {
            return true;
        }
        for (String prefix : JDK_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        if (Throwable.class.isAssignableFrom(type)) {
            // The JDK's exceptions carry messages, causes and stack traces; an application's own
            // exceptions must be named like its other classes.
            return name.startsWith("java.");
        }
        // Paths arrive as their file system's class (sun.nio.fs.UnixPath), rebuilt from a string;
        // dynamic proxies are read as what their handler's stand-in is, which is checked itself.
        return Path.class.isAssignableFrom(type) || type == InvocationHandler.class;
    }

    private static boolean isLibraryClass(Class<?> type) {
        if (!type.getName().startsWith(LIBRARY_PREFIX)) {
            return false;
        }
        CodeSource source = codeSourceOf(type);
        return LIBRARY == null ? source == null : LIBRARY.equals(source);
    }

    private static @Nullable CodeSource codeSourceOf(Class<?> type) {
        ProtectionDomain domain = type.getProtectionDomain();
        return domain == null ? null : domain.getCodeSource();
    }
}
