package io.multiprocess.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.SerializationException;
import io.multiprocess.serialization.ReductionSamples.Endpoint;
import io.multiprocess.serialization.ReductionSamples.Money;
import io.multiprocess.serialization.ReductionSamples.PaymentException;
import io.multiprocess.serialization.ReductionSamples.Point;
import io.multiprocess.serialization.ReductionSamples.PointSerializer;
import io.multiprocess.serialization.ReductionSamples.SelfReplacing;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.net.Socket;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Reduction} in one JVM, with both serializers. {@code ReductionIT} takes it across JVMs. */
class ReductionTests {

    static final AtomicInteger UUIDS_REBUILT = new AtomicInteger();

    static Stream<Serializer> serializers() {
        return Stream.of(new KryoSerializer(), new JdkSerializer());
    }

    @AfterEach
    void unregisterAll() {
        new ArrayList<>(Reduction.registeredTypes()).forEach(Reduction::unregister);
    }

    private static Object roundTrip(Serializer serializer, Object value) {
        return serializer.deserialize(serializer.serialize(value));
    }

    @ParameterizedTest
    @MethodSource("serializers")
    void aRegisteredClassTravelsAsItsStandInAtAnyDepthAndKeepsSharedReferences(Serializer serializer) {
        Reduction.register(Money.class, Money::format, Money::parse);
        Money price = new Money(1250, "EUR");
        Object copy = roundTrip(serializer, Map.of("prices", List.of(price, price, new Money(1, "USD"))));

        List<Object> prices = new ArrayList<>((List<?>) ((Map<?, ?>) copy).get("prices"));
        assertThat(prices).containsExactly(price, price, new Money(1, "USD"));
        assertThat(((Money) prices.get(0)).rebuiltIn)
                .as("rebuilt by parse")
                .isEqualTo(ProcessHandle.current().pid());
        assertThat(prices.get(0))
                .as("one object referenced twice stays one object")
                .isSameAs(prices.get(1));
    }

    @ParameterizedTest
    @MethodSource("serializers")
    void aRegistrationMakesARefusedClassTravelAndWithoutOneTheRefusalStays(Serializer serializer) throws Exception {
        try (Socket socket = new Socket()) {
            Endpoint endpoint = new Endpoint("localhost", 8080, socket);
            assertThatThrownBy(() -> serializer.serialize(endpoint))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining(serializer instanceof KryoSerializer ? "socket" : "Serializable");

            Reduction.register(Endpoint.class, Endpoint::address, Endpoint::reopen);
            Endpoint copy = (Endpoint) roundTrip(serializer, endpoint);
            assertThat(copy.host).isEqualTo("localhost");
            assertThat(copy.port).isEqualTo(8080);
            assertThat(copy.socket).isNull();
            assertThatThrownBy(() -> serializer.serialize(List.of(socket)))
                    .as("the socket itself is still refused")
                    .isInstanceOf(SerializationException.class);
        }
    }

    @Test
    void withKryoARegistrationWinsOverTheClassesOwnWriteReplace() {
        Reduction.register(SelfReplacing.class, s -> s.name, SelfReplacing::viaRegistration);
        SelfReplacing copy = (SelfReplacing) roundTrip(new KryoSerializer(), new SelfReplacing("x"));
        assertThat(copy.how).isEqualTo("registration");
    }

    @Test
    void withJavaSerializationTheClassesOwnWriteReplaceRunsFirstAsDocumented() {
        Reduction.register(SelfReplacing.class, s -> s.name, SelfReplacing::viaRegistration);
        SelfReplacing copy = (SelfReplacing) roundTrip(new JdkSerializer(), new SelfReplacing("x"));
        assertThat(copy.how).isEqualTo("writeReplace");
    }

    @ParameterizedTest
    @MethodSource("serializers")
    void aRegistrationWinsOverTheSerializersBuiltInChoiceForAJdkClass(Serializer serializer) {
        Reduction.register(UUID.class, UUID::toString, ReductionTests::countedUuid);
        int before = UUIDS_REBUILT.get();
        UUID id = UUID.randomUUID();
        assertThat(roundTrip(serializer, List.of(id))).isEqualTo(List.of(id));
        assertThat(UUIDS_REBUILT.get()).isEqualTo(before + 1);
    }

    static UUID countedUuid(String text) {
        UUIDS_REBUILT.incrementAndGet();
        return UUID.fromString(text);
    }

    @ParameterizedTest
    @MethodSource("serializers")
    void aRegisteredClassInsideAnExceptionKeepsTheExceptionsType(Serializer serializer) {
        Reduction.register(Money.class, Money::format, Money::parse);
        PaymentException copy =
                (PaymentException) roundTrip(serializer, new PaymentException("declined", new Money(5, "EUR")));
        assertThat(copy).hasMessage("declined");
        assertThat(copy.amount).isEqualTo(new Money(5, "EUR"));
        assertThat(copy.amount.rebuiltIn).isEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void aRegistrationMadeAfterTheSerializerWasUsedAppliesToTheNextValue() {
        KryoSerializer serializer = new KryoSerializer();
        Money plain = (Money) roundTrip(serializer, new Money(1, "EUR"));
        assertThat(plain.rebuiltIn).as("copied field by field").isZero();

        Reduction.register(Money.class, Money::format, Money::parse);
        assertThat(((Money) roundTrip(serializer, new Money(1, "EUR"))).rebuiltIn)
                .isEqualTo(ProcessHandle.current().pid());

        assertThat(Reduction.unregister(Money.class)).isTrue();
        assertThat(Reduction.unregister(Money.class)).isFalse();
        assertThat(((Money) roundTrip(serializer, new Money(1, "EUR"))).rebuiltIn)
                .isZero();
    }

    @Test
    void registeringAgainReplacesTheRegistration() {
        Reduction.register(Money.class, m -> "wrong", Money::parse);
        Reduction.register(Money.class, Money::format, Money::parse);
        assertThat(roundTrip(new KryoSerializer(), new Money(3, "CHF"))).isEqualTo(new Money(3, "CHF"));
        assertThat(Reduction.registeredTypes()).containsExactly(Money.class);
        assertThat(Reduction.isRegistered(Money.class)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("serializers")
    void aFailingReduceNamesTheObjectAndThePathAndKeepsTheCause(Serializer serializer) {
        Reduction.register(
                Money.class,
                m -> {
                    throw new IllegalStateException("no currency table");
                },
                Money::parse);
        assertThatThrownBy(() -> serializer.serialize(new ArrayList<>(List.of(new Money(1, "EUR")))))
                .isInstanceOfSatisfying(SerializationException.class, e -> {
                    assertThat(e)
                            .hasMessageContaining(Money.class.getName())
                            .hasMessageContaining("registered reduction")
                            .hasMessageContaining("no currency table");
                    assertThat(e.offendingClass()).contains(Money.class.getName());
                    assertThat(e.path()).containsExactly("[0] (java.util.ArrayList)");
                })
                .hasRootCauseInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @MethodSource("serializers")
    void aFailingRebuildIsASerializationExceptionOnTheReadingSide(Serializer serializer) {
        Reduction.register(Money.class, m -> "garbage", Money::parse);
        byte[] bytes = serializer.serialize(new Money(1, "EUR"));
        assertThatThrownBy(() -> serializer.deserialize(bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(Money.class.getName());
    }

    @ParameterizedTest
    @MethodSource("serializers")
    void aStandInOfTheRegisteredClassItselfIsRefused(Serializer serializer) {
        Reduction.register(Money.class, m -> new Money(m.cents, m.currency), m -> m);
        assertThatThrownBy(() -> serializer.serialize(new Money(1, "EUR")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("reduced again forever");
    }

    @Test
    void javaSerializationSaysWhatToDoWhenTheReaderHasNoRegistration() {
        JdkSerializer serializer = new JdkSerializer();
        Reduction.register(Money.class, Money::format, Money::parse);
        byte[] bytes = serializer.serialize(new Money(1, "EUR"));
        Reduction.unregister(Money.class);
        assertThatThrownBy(() -> serializer.deserialize(bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Reduction.register");
    }

    @Test
    void classesThatCannotBeRegisteredAreRefusedWithTheReason() {
        assertThatThrownBy(() -> Reduction.register(String.class, s -> s, s -> s))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("natively");
        assertThatThrownBy(() -> Reduction.register(Integer.class, i -> i, i -> i))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("natively");
        assertThatThrownBy(() -> Reduction.register(List.class, l -> l, l -> l))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("interface");
        assertThatThrownBy(() -> Reduction.register(AbstractList.class, l -> l, l -> l))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("abstract");
        assertThat(Reduction.registeredTypes()).isEmpty();
    }

    @Test
    void functionsThatCannotTravelToChildrenAreRefusedWhenRegistering() {
        Thread thread = new Thread();
        assertThatThrownBy(() -> Reduction.register(Money.class, m -> thread.getName(), Money::parse))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("child processes")
                .hasMessageContaining(Thread.class.getName());
        assertThat(Reduction.isRegistered(Money.class)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("serializers")
    void aKryoSerializerCanBeRegisteredAndJavaSerializationUsesItToo(Serializer serializer) {
        Reduction.registerKryo(Point.class, PointSerializer.class);
        Point copy = (Point) ((List<?>) roundTrip(serializer, List.of(new Point(3, -4)))).get(0);
        assertThat(copy.x).isEqualTo(3);
        assertThat(copy.y).isEqualTo(-4);
        assertThat(copy.viaKryoSerializer).isTrue();
    }

    @Test
    void registrationsTravelAndTheReceiversOwnOnesWin() {
        Reduction.register(Money.class, Money::format, Money::parse);
        Reduction.register(Endpoint.class, Endpoint::address, Endpoint::reopen);
        byte[] bytes = new KryoSerializer().serialize(Reduction.registrations());

        Reduction.unregister(Money.class);
        Reduction.register(Endpoint.class, e -> "own:1", Endpoint::reopen);
        Reduction.Registrations received = (Reduction.Registrations) new KryoSerializer().deserialize(bytes);
        assertThat(Reduction.registeredTypes()).as("reading changes nothing").containsExactly(Endpoint.class);

        assertThat(Reduction.inherit(received)).isEqualTo(1);
        assertThat(Reduction.registeredTypes()).containsExactlyInAnyOrder(Money.class, Endpoint.class);
        Endpoint endpoint = (Endpoint) roundTrip(new KryoSerializer(), new Endpoint("h", 2, null));
        assertThat(endpoint.host).as("the receiver's own registration was kept").isEqualTo("own");
        assertThat(Reduction.inherit(Reduction.registrations())).isZero();
    }

    @Test
    void dumpWritesValuesThatLoadReadsOneByOneUntilTheEnd() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Reduction.dump(List.of(1, 2), out);
        Reduction.dump(null, out);
        Reduction.dump("three", out);
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertThat(Reduction.load(in)).isEqualTo(List.of(1, 2));
        assertThat(Reduction.load(in)).isNull();
        assertThat(Reduction.load(in)).isEqualTo("three");
        assertThatThrownBy(() -> Reduction.load(in))
                .isInstanceOf(SerializationException.class)
                .hasCauseInstanceOf(EOFException.class);
        assertThat(Reduction.loads(Reduction.dumps(Map.of("k", 1)))).isEqualTo(Map.of("k", 1));
    }

    @Test
    void loadRefusesTruncatedValuesAndImpossibleLengths() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Reduction.dump("a longer string value", out);
        byte[] bytes = out.toByteArray();
        assertThatThrownBy(() -> Reduction.load(new ByteArrayInputStream(bytes, 0, bytes.length - 3)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("ended");
        assertThatThrownBy(() -> Reduction.load(new ByteArrayInputStream(new byte[] {(byte) 0x80, 0, 0, 0})))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("-2147483648");
    }

    @Test
    void dumpWritesNothingWhenTheValueCannotBeSerialized() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> Reduction.dump(List.of(new Thread()), out)).isInstanceOf(SerializationException.class);
        assertThat(out.size()).isZero();
    }
}
