package io.multiprocess.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.function.SerializableFunction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a {@link DeserializationPolicy} lets a peer's bytes instantiate, through both serializers. */
class DeserializationPolicyTests {

    /** Counts instances that reached their deserialization hooks, which a refused class must never do. */
    static final AtomicInteger HOOKS_RUN = new AtomicInteger();

    static final class Gadget implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        String command = "rm -rf";

        @Serial
        private Object readResolve() {
            HOOKS_RUN.incrementAndGet();
            return this;
        }
    }

    /** A Throwable whose readObject would run attacker-chosen logic in a server. */
    static final class GadgetException extends RuntimeException {
        @Serial
        private static final long serialVersionUID = 1L;

        GadgetException(String message) {
            super(message);
        }

        @Serial
        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            HOOKS_RUN.incrementAndGet();
        }
    }

    record Order(String id, List<Line> lines) {}

    record Line(String item, BigDecimal price) {}

    enum Op {
        ADD {
            @Override
            int apply(int a, int b) {
                return a + b;
            }
        };

        abstract int apply(int a, int b);
    }

    private static final DeserializationPolicy ENFORCED = DeserializationPolicy.builder()
            .enforcement(DeserializationPolicy.Enforcement.ALWAYS)
            .build();

    private final KryoSerializer kryo = new KryoSerializer();

    @AfterEach
    void reset() {
        HOOKS_RUN.set(0);
    }

    private Object kryoRoundTrip(Object value, DeserializationPolicy policy) {
        byte[] bytes = kryo.serialize(value);
        return kryo.deserialize(bytes, 0, bytes.length, policy);
    }

    @Test
    void theJdksValueTypesAndCollectionsPassAnEnforcedPolicy() {
        Map<String, Object> value = new HashMap<>();
        value.put("list", List.of(1, 2L, "three", 4.0));
        value.put("mutable", new ArrayList<>(List.of(UUID.randomUUID(), LocalDate.of(2026, 12, 8))));
        value.put("sorted", new TreeSet<>(List.of("b", "a")));
        value.put("decimal", new BigDecimal("1.50"));
        value.put("optional", Optional.of("x"));
        value.put("path", Path.of("/tmp/x"));
        value.put("ints", new int[] {1, 2, 3});
        value.put("strings", new String[][] {{"a"}, {"b"}});
        value.put("unmodifiable", java.util.Collections.unmodifiableList(new ArrayList<>(List.of("u"))));
        value.put("error", new IllegalStateException("jdk exceptions pass", new IOException("cause")));

        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) kryoRoundTrip(value, ENFORCED);

        assertThat(back).containsOnlyKeys(value.keySet());
        assertThat(back.get("list")).isEqualTo(value.get("list"));
        assertThat(back.get("path")).isEqualTo(Path.of("/tmp/x"));
        assertThat((Throwable) back.get("error"))
                .hasMessage("jdk exceptions pass")
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void viewsComparatorsAndOtherJdkFormsPassAnEnforcedPolicy() {
        Map<String, Integer> map = new java.util.LinkedHashMap<>(Map.of("a", 1));
        java.util.TreeMap<String, Integer> reversed = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        reversed.put("x", 1);
        java.util.TreeSet<String> insensitive = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        insensitive.add("Q");
        List<Object> values = List.of(
                map.keySet(),
                map.values(),
                new ArrayList<>(List.of(1, 2, 3)).subList(0, 2),
                java.util.Arrays.asList("a", "b"),
                java.util.Collections.emptyList(),
                java.util.Collections.singletonMap("k", "v"),
                Map.entry("k", 1),
                Set.of(1, 2, 3),
                reversed,
                insensitive,
                java.util.EnumSet.of(java.time.DayOfWeek.MONDAY),
                new java.util.concurrent.ConcurrentHashMap<>(Map.of("c", 3)),
                java.time.ZonedDateTime.now(),
                java.time.Duration.ofSeconds(3),
                new java.util.concurrent.atomic.AtomicLong(5),
                java.net.URI.create("http://example.com"),
                new java.util.Date(0),
                java.util.Locale.FRANCE,
                new RuntimeException("jdk exception", new IllegalArgumentException("cause")));
        for (Object value : values) {
            assertThat(kryoRoundTrip(value, ENFORCED))
                    .as(value.getClass().getName())
                    .isNotNull();
        }
    }

    @Test
    void aClassOutsideTheListIsRefusedBeforeItIsCreatedWithTheClassAndTheSettingNamed() {
        assertThatThrownBy(() -> kryoRoundTrip(List.of("fine", new Gadget()), ENFORCED))
                .isInstanceOf(DeserializationRefusedException.class)
                .hasMessageContaining(Gadget.class.getName())
                .hasMessageContaining("multiprocess.serialization.allowed-classes")
                .hasMessageContaining("DeserializationPolicy.builder().allow(")
                .satisfies(e -> assertThat(((DeserializationRefusedException) e).offendingClass())
                        .contains(Gadget.class.getName()));
        assertThat(HOOKS_RUN).hasValue(0);

        assertThat(kryoRoundTrip(new Gadget(), DeserializationPolicy.trustAll()))
                .isInstanceOf(Gadget.class);
        assertThat(HOOKS_RUN).as("trusted, as pickle is").hasValue(1);
    }

    @Test
    void applicationClassesAreAllowedByNamePackageOrPackageTree() {
        Order order = new Order("o-1", List.of(new Line("pen", new BigDecimal("2.00"))));
        assertThatThrownBy(() -> kryoRoundTrip(order, ENFORCED)).hasMessageContaining(Order.class.getName());

        DeserializationPolicy byClass =
                ENFORCED.toBuilder().allow(Order.class, Line.class).build();
        DeserializationPolicy byPackage =
                ENFORCED.toBuilder().allow("io.multiprocess.serialization.*").build();
        DeserializationPolicy byTree = ENFORCED.toBuilder().allow("io.**").build();
        assertThat(kryoRoundTrip(order, byClass)).isEqualTo(order);
        assertThat(kryoRoundTrip(order, byPackage)).isEqualTo(order);
        assertThat(kryoRoundTrip(order, byTree)).isEqualTo(order);

        DeserializationPolicy onlyOrder =
                ENFORCED.toBuilder().allow(Order.class).build();
        assertThatThrownBy(() -> kryoRoundTrip(order, onlyOrder)).hasMessageContaining(Line.class.getName());
        assertThat(DeserializationPolicy.builder().allow("com.acme.*").build().allows(Line.class))
                .isFalse();
        assertThatThrownBy(() -> DeserializationPolicy.builder().allow("com.acme.*x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("com.acme.**");
    }

    @Test
    void arraysAndEnumConstantsAreJudgedByTheirElementAndEnum() {
        DeserializationPolicy withOp = ENFORCED.toBuilder().allow(Op.class).build();
        assertThat(withOp.allows(Op.ADD.getClass())).isTrue();
        assertThat(withOp.allows(Op[][].class)).isTrue();
        assertThat(ENFORCED.allows(Gadget[].class)).isFalse();
        assertThat(kryoRoundTrip(new Op[] {Op.ADD}, withOp)).isEqualTo(new Op[] {Op.ADD});
        assertThatThrownBy(() -> kryoRoundTrip(new Gadget[] {new Gadget()}, ENFORCED))
                .hasMessageContaining(Gadget.class.getName());
    }

    @Test
    void aLambdaIsAllowedWhenTheClassThatCreatedItIs() {
        int offset = 3;
        SerializableFunction<Integer, Integer> addOffset = x -> x + offset;
        assertThatThrownBy(() -> kryoRoundTrip(addOffset, ENFORCED))
                .isInstanceOf(DeserializationRefusedException.class)
                .hasMessageContaining(DeserializationPolicyTests.class.getName());

        DeserializationPolicy allowed =
                ENFORCED.toBuilder().allow(DeserializationPolicyTests.class).build();
        @SuppressWarnings("unchecked")
        SerializableFunction<Integer, Integer> back =
                (SerializableFunction<Integer, Integer>) kryoRoundTrip(addOffset, allowed);
        assertThat(back.apply(1)).isEqualTo(4);
    }

    @Test
    void aThrowableGadgetInsideAnAllowedExceptionIsRefusedByTheJavaFilter() {
        RuntimeException allowedOutside =
                new IllegalStateException("outer", new GadgetException("inside, Java-serialized"));
        assertThatThrownBy(() -> kryoRoundTrip(allowedOutside, ENFORCED))
                .isInstanceOf(DeserializationRefusedException.class)
                .hasMessageContaining(GadgetException.class.getName());
        JdkSerializer jdk = new JdkSerializer();
        byte[] bytes = jdk.serialize(allowedOutside);
        assertThatThrownBy(() -> jdk.deserialize(bytes, 0, bytes.length, ENFORCED))
                .isInstanceOf(DeserializationRefusedException.class)
                .hasMessageContaining(GadgetException.class.getName());
        assertThat(HOOKS_RUN).hasValue(0);

        assertThat(jdk.deserialize(bytes, 0, bytes.length, DeserializationPolicy.trustAll()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(HOOKS_RUN).hasValue(1);
    }

    @Test
    void javaDeserializationRefusesAnArrayLongerThanItsBytesWhateverThePolicy() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream stream = new ObjectOutputStream(out)) {
            stream.writeObject(new long[] {7, 8});
        }
        byte[] bytes = out.toByteArray();
        // The array's length is the int before its 16 bytes of elements: claim 2^31-1 elements (16 GiB).
        ByteBuffer.wrap(bytes).putInt(bytes.length - 16 - 4, Integer.MAX_VALUE);
        JdkSerializer jdk = new JdkSerializer();

        assertThatThrownBy(() -> jdk.deserialize(bytes, 0, bytes.length, DeserializationPolicy.trustAll()))
                .isInstanceOf(DeserializationRefusedException.class)
                .hasMessageContaining("an array of " + Integer.MAX_VALUE + " elements")
                .hasMessageContaining(bytes.length + " bytes");

        DeserializationPolicy shallow =
                DeserializationPolicy.builder().maxDepth(2).build();
        byte[] nested = jdk.serialize(List.of(List.of(List.of(List.of("deep")))));
        assertThatThrownBy(() -> jdk.deserialize(nested, 0, nested.length, shallow))
                .isInstanceOf(DeserializationRefusedException.class)
                .hasMessageContaining("maxDepth 2");
    }

    @Test
    void theDefaultIsEnforcedOnNonLoopbackAddressesOnly() {
        DeserializationPolicy defaults = DeserializationPolicy.defaults();
        assertThat(defaults.enforcement()).isEqualTo(DeserializationPolicy.Enforcement.NON_LOOPBACK);
        assertThat(defaults.isEnforcing())
                .as("unresolved, it errs on the safe side")
                .isTrue();
        assertThat(defaults.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 1))
                        .isEnforcing())
                .isFalse();
        assertThat(defaults.forAddress(UnixDomainSocketAddress.of("/tmp/x")).isEnforcing())
                .isFalse();
        assertThat(defaults.forAddress(null).isEnforcing()).isFalse();
        assertThat(defaults.forAddress(new InetSocketAddress(0)).isEnforcing())
                .as("the wildcard address")
                .isTrue();
        assertThat(defaults.forAddress(new InetSocketAddress("192.0.2.1", 1)).isEnforcing())
                .isTrue();
        assertThat(DeserializationPolicy.trustAll()
                        .forAddress(new InetSocketAddress(0))
                        .isEnforcing())
                .isFalse();
    }

    @Test
    void aPolicyTravelsUnchanged() {
        DeserializationPolicy policy = DeserializationPolicy.builder()
                .allow("com.acme.**", "com.other.Type")
                .maxDepth(50)
                .build();
        assertThat(kryoRoundTrip(policy, ENFORCED)).isEqualTo(policy);
        JdkSerializer jdk = new JdkSerializer();
        assertThat(jdk.deserialize(jdk.serialize(policy))).isEqualTo(policy);
    }
}
