package io.multiprocess.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.SerializationException;
import io.multiprocess.function.SerializableFunction;
import io.multiprocess.function.SerializableRunnable;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every serializer promises, in one JVM; {@code ChildSerializationIT} checks the same across JVMs. */
abstract class SerializerContractTests {

    abstract Serializer serializer();

    Object roundTrip(Object value) {
        byte[] bytes = serializer().serialize(value);
        return serializer().deserialize(bytes);
    }

    static Stream<String> valueNames() {
        return SerializationSamples.values().keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("valueNames")
    void valuesRoundTripEqual(String name) {
        Object value = SerializationSamples.values().get(name);
        assertThat(roundTrip(value)).isEqualTo(value);
    }

    @Test
    void valuesWithoutEqualsRoundTripToTheSameText() {
        SerializationSamples.valuesComparedAsText()
                .forEach((name, value) -> assertThat(SerializationSamples.text(roundTrip(value)))
                        .as(name)
                        .isEqualTo(SerializationSamples.text(value)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void functionsComputeTheSameAfterARoundTrip() {
        Map<String, Object> expected = SerializationSamples.functionResults();
        SerializationSamples.functions().forEach((name, function) -> {
            Function<Integer, Object> copy = (Function<Integer, Object>) roundTrip(function);
            assertThat(copy.apply(10)).as(name).isEqualTo(expected.get(name));
        });
    }

    @Test
    void unmodifiableCollectionsStayUnmodifiable() {
        List<?> list = (List<?>) roundTrip(Collections.unmodifiableList(new ArrayList<>(List.of(1))));
        assertThatThrownBy(() -> list.remove(0)).isInstanceOf(UnsupportedOperationException.class);
        List<?> immutable = (List<?>) roundTrip(List.of(1, 2));
        assertThatThrownBy(() -> immutable.remove(0)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void exceptionsKeepTypeMessageCauseChainSuppressedAndStackTrace() {
        Exception original = SerializationSamples.exception();
        Throwable copy = (Throwable) roundTrip(original);
        assertThat(copy).isExactlyInstanceOf(Exception.class).hasMessage("top level failure");
        assertThat(copy.getStackTrace()).isEqualTo(original.getStackTrace());
        assertThat(copy.getCause()).isExactlyInstanceOf(RuntimeException.class).hasMessage("middle");
        assertThat(copy.getCause().getCause())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("root cause");
        assertThat(copy.getCause().getCause().getStackTrace())
                .isEqualTo(original.getCause().getCause().getStackTrace());
        assertThat(copy.getSuppressed()).singleElement().isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sharedReferencesAndCyclesSurvive() {
        List<Object> cyclic = new ArrayList<>();
        cyclic.add("head");
        cyclic.add(cyclic);
        List<?> copy = (List<?>) roundTrip(cyclic);
        assertThat(copy.get(1)).isSameAs(copy);
    }

    @Test
    void aThreadIsRefusedWithItsPath() {
        Holder holder = new Holder(new Thread(() -> {}));
        SerializableRunnable task = () -> holder.toString();
        assertThatThrownBy(() -> serializer().serialize(task))
                .isInstanceOfSatisfying(SerializationException.class, e -> {
                    assertThat(e.offendingClass()).contains("java.lang.Thread");
                    assertThat(e.path()).hasSize(2);
                    assertThat(e.path().get(1)).isEqualTo("resource (" + Holder.class.getName() + ")");
                })
                .hasMessageContaining("Cannot serialize java.lang.Thread")
                .hasMessageContaining("start it inside the task");
    }

    @Test
    void streamsExecutorsAndJdkLocksAreRefused() {
        InputStream stream = InputStream.nullInputStream();
        assertThatThrownBy(() -> serializer().serialize(new Holder(stream)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("open stream");
        var executor = Executors.newSingleThreadExecutor();
        try {
            assertThatThrownBy(() -> serializer().serialize(List.of(new Holder(executor))))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("executor");
        } finally {
            executor.shutdownNow();
        }
        assertThatThrownBy(() -> serializer().serialize(Map.of("lock", new ReentrantLock())))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("JDK lock");
    }

    @Test
    void aNonSerializableLambdaIsRefusedWithAdvice() {
        Function<Integer, Integer> plain = x -> x + 1;
        SerializableFunction<Integer, Integer> wrapper = x -> plain.apply(x);
        assertThatThrownBy(() -> serializer().serialize(wrapper))
                .isInstanceOfSatisfying(
                        SerializationException.class, e -> assertThat(e.path()).hasSize(1))
                .hasMessageContaining("java.util.function.Function")
                .hasMessageContaining("io.multiprocess.function");
    }

    @Test
    void nothingIsWrittenWhenSerializationFails() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> serializer().serialize(List.of("ok", new Holder(new Thread())), out))
                .isInstanceOf(SerializationException.class);
        assertThat(out.size()).isZero();
    }

    @Test
    void garbageBytesRaiseASerializationException() {
        byte[] bytes = serializer().serialize(Set.of("a", "b", "c"));
        assertThatThrownBy(() -> serializer().deserialize(bytes, 0, bytes.length / 2))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Cannot deserialize");
        assertThatThrownBy(() -> serializer().deserialize(new byte[] {(byte) 0xff, 0x13, 0x7f, 0x00, 0x22}))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void writeReplaceAndReadResolveWorkAsInJavaSerialization() {
        Handle original = new Handle("segment-7", new Thread());
        Handle copy = (Handle) roundTrip(original);
        assertThat(copy.name).isEqualTo("segment-7");
        assertThat(copy.resource).isNull();
        assertThat(copy.resolved).isTrue();
        List<?> both = (List<?>) roundTrip(List.of(original, original));
        assertThat(both.get(0)).isSameAs(both.get(1));
    }

    /** Travels as its name only, like a shared-memory block: its thread stays behind. */
    static final class Handle implements Serializable {
        private static final long serialVersionUID = 1L;
        final String name;
        final transient Thread resource;
        transient boolean resolved;

        Handle(String name, Thread resource) {
            this.name = name;
            this.resource = resource;
        }

        private Object writeReplace() {
            return new Ticket(name);
        }
    }

    /** The stand-in a Handle travels as. */
    record Ticket(String name) implements Serializable {
        private Object readResolve() {
            Handle handle = new Handle(name, null);
            handle.resolved = true;
            return handle;
        }
    }

    /** Holds something that must not cross a process boundary. */
    static final class Holder implements Serializable {
        private static final long serialVersionUID = 1L;
        final Object resource;

        Holder(Object resource) {
            this.resource = resource;
        }
    }
}
