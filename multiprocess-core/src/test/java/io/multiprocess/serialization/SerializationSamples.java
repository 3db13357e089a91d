package io.multiprocess.serialization;

import io.multiprocess.function.SerializableBiFunction;
import io.multiprocess.function.SerializableFunction;
import io.multiprocess.function.SerializableSupplier;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The values that must survive a trip to another process, shared by the in-JVM tests and the tests
 * that send them to a child JVM. Every sample is built by a method, so a child can build its own
 * expected copy independently of serialization.
 */
public final class SerializationSamples {

    private SerializationSamples() {}

    /** A record. */
    public record Point(int x, int y, String label) implements Serializable {}

    /** An enum, one constant with a body. */
    public enum Colour {
        RED,
        GREEN {
            @Override
            public String toString() {
                return "green!";
            }
        },
        BLUE
    }

    /** Neither Serializable nor constructible without arguments. */
    public static final class Account {
        private final String owner;
        private final long cents;
        private final List<String> tags;

        public Account(String owner, long cents, List<String> tags) {
            this.owner = Objects.requireNonNull(owner);
            this.cents = cents;
            this.tags = tags;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Account a && a.owner.equals(owner) && a.cents == cents && Objects.equals(a.tags, tags);
        }

        @Override
        public int hashCode() {
            return Objects.hash(owner, cents, tags);
        }

        @Override
        public String toString() {
            return "Account[" + owner + ", " + cents + ", " + tags + "]";
        }
    }

    /** Values compared with {@code equals} after a round trip, by name. */
    public static Map<String, Object> values() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("null", null);
        values.put("string", "héllo wörld ✓");
        values.put("long", Long.MIN_VALUE);
        values.put("record", new Point(3, 4, "p"));
        values.put("enum", Colour.BLUE);
        values.put("enumWithBody", Colour.GREEN);
        values.put("noArgLessNonSerializable", new Account("ada", 1234, List.of("a", "b")));
        values.put("List.of", List.of(1, 2, 3));
        values.put("List.of-empty", List.of());
        values.put("List.of-one", List.of("x"));
        values.put("Map.of", Map.of("a", 1, "b", 2));
        values.put("Map.ofEntries", Map.ofEntries(Map.entry("k", List.of(1)), Map.entry("l", List.of())));
        values.put("Set.of", Set.of("x", "y", "z"));
        values.put("Map.entry", Map.entry("key", 42));
        values.put("Arrays.asList", Arrays.asList("a", null, "c"));
        values.put("unmodifiableList", Collections.unmodifiableList(new ArrayList<>(List.of(1, 2))));
        values.put("unmodifiableMap", Collections.unmodifiableMap(new LinkedHashMap<>(Map.of("a", 1))));
        values.put("unmodifiableSet", Collections.unmodifiableSet(new TreeSet<>(Set.of(3, 1, 2))));
        values.put("unmodifiableSortedMap", Collections.unmodifiableSortedMap(new TreeMap<>(Map.of("b", 2, "a", 1))));
        values.put("synchronizedList", Collections.synchronizedList(new ArrayList<>(List.of("s"))));
        values.put("emptyList", Collections.emptyList());
        values.put("singletonMap", Collections.singletonMap("one", 1));
        values.put("Stream.toList-with-null", Stream.of("a", null).toList());
        values.put("keySetView", new TreeMap<>(Map.of("a", 1, "b", 2)).keySet());
        values.put("subList", new ArrayList<>(List.of(1, 2, 3, 4)).subList(1, 3));
        values.put("EnumMap", new EnumMap<>(Map.of(Colour.RED, "r", Colour.BLUE, "b")));
        values.put("Optional", Optional.of(new Point(1, 2, "o")));
        values.put("Optional.empty", Optional.empty());
        values.put("Instant", Instant.parse("2026-11-23T10:15:30.123456789Z"));
        values.put("LocalDate", LocalDate.of(2026, 11, 23));
        values.put("LocalDateTime", LocalDateTime.of(2026, 11, 23, 10, 15));
        values.put("ZonedDateTime", ZonedDateTime.of(2026, 11, 23, 10, 15, 0, 0, ZoneId.of("Europe/Paris")));
        values.put("Duration", Duration.ofMillis(1500));
        values.put("BigDecimal", new BigDecimal("12345678901234567890.000000001"));
        values.put("BigInteger", new BigInteger("-98765432109876543210987654321"));
        values.put("UUID", new UUID(0x0123456789abcdefL, 0xfedcba9876543210L));
        values.put("Path", Path.of("/tmp", "some dir", "file.txt"));
        values.put(
                "nested", Map.of("list", List.of(Map.of("deep", new TreeMap<>(Map.of(1, List.of(Optional.of("x"))))))));
        return values;
    }

    /** Values without a useful {@code equals}, compared by a canonical text. */
    public static Map<String, Object> valuesComparedAsText() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("int[]", new int[] {1, 2, 3});
        values.put("String[][]", new String[][] {{"a"}, {"b", null}});
        values.put("Object[]", new Object[] {1, "two", new Point(3, 3, "3"), null});
        values.put("Pattern", Pattern.compile("a+b*", Pattern.CASE_INSENSITIVE));
        values.put("AtomicInteger", new AtomicInteger(7));
        return values;
    }

    /** The canonical text of a value from {@link #valuesComparedAsText()}. */
    public static String text(Object value) {
        if (value instanceof int[] a) {
            return Arrays.toString(a);
        }
        if (value instanceof Object[] a) {
            return Arrays.deepToString(a);
        }
        if (value instanceof Pattern p) {
            return p.pattern() + "/" + p.flags();
        }
        return String.valueOf(value);
    }

    /**
     * Functions that must compute the same result after a round trip, applied to 10: capturing
     * lambdas, nested lambdas, every kind of method reference, and an anonymous class.
     */
    public static Map<String, SerializableFunction<Integer, Object>> functions() {
        Map<String, SerializableFunction<Integer, Object>> functions = new LinkedHashMap<>();
        int offset = 5;
        String prefix = "n=";
        Account account = new Account("bob", 10, List.of());
        functions.put("capturingLambda", x -> prefix + (x + offset));
        functions.put("capturingObjectWithoutNoArgConstructor", x -> account.toString() + x);
        SerializableFunction<Integer, Integer> inner = y -> y * offset;
        functions.put("nestedLambda", x -> {
            SerializableSupplier<Integer> innermost = () -> inner.apply(x) + 1;
            return innermost.get();
        });
        functions.put("staticMethodReference", Integer::toBinaryString);
        Labeller labeller = new Labeller(prefix);
        functions.put("boundMethodReference", labeller::label);
        functions.put("unboundMethodReference", Integer::doubleValue);
        functions.put("constructorReference", Box::new);
        functions.put("composed", ((SerializableFunction<Integer, Integer>) x -> x + 1).andThen(x -> x * 2)::apply);
        SerializableBiFunction<Integer, Integer, Integer> add = Integer::sum;
        functions.put("biFunction", x -> add.apply(x, offset));
        functions.put("anonymousClass", new SerializableFunction<>() {
            @Override
            public Object apply(Integer x) {
                return prefix + x * offset;
            }
        });
        return functions;
    }

    /** The results the functions above must give for 10. */
    public static Map<String, Object> functionResults() {
        return Map.ofEntries(
                Map.entry("capturingLambda", "n=15"),
                Map.entry("capturingObjectWithoutNoArgConstructor", "Account[bob, 10, []]10"),
                Map.entry("nestedLambda", 51),
                Map.entry("staticMethodReference", "1010"),
                Map.entry("boundMethodReference", "n=10"),
                Map.entry("unboundMethodReference", 10.0),
                Map.entry("constructorReference", new Box(10)),
                Map.entry("composed", 22),
                Map.entry("biFunction", 15),
                Map.entry("anonymousClass", "n=50"));
    }

    /** An exception with a cause chain, a suppressed exception and stack traces. */
    public static Exception exception() {
        IllegalStateException root = new IllegalStateException("root cause");
        RuntimeException middle = new RuntimeException("middle", root);
        Exception top = new Exception("top level failure", middle);
        top.addSuppressed(new IllegalArgumentException("suppressed"));
        return top;
    }

    /** The target of a constructor reference. */
    public record Box(Integer value) {}

    /** The target of a bound method reference; not Serializable. */
    public static final class Labeller {
        private final String prefix;

        public Labeller(String prefix) {
            this.prefix = prefix;
        }

        public String label(Integer value) {
            return prefix + value;
        }
    }
}
