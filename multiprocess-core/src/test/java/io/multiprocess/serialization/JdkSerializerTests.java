package io.multiprocess.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.SerializationException;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JdkSerializerTests extends SerializerContractTests {

    private static final JdkSerializer SERIALIZER = new JdkSerializer();

    @Override
    Serializer serializer() {
        return SERIALIZER;
    }

    /** Samples that Java serialization refuses by its own rules: they are not Serializable. */
    private static final Set<String> NOT_SERIALIZABLE = Set.of(
            "noArgLessNonSerializable",
            "Map.entry",
            "keySetView",
            "subList",
            "Optional",
            "Optional.empty",
            "nested",
            "Path");

    static Stream<String> valueNames() {
        return SerializerContractTests.valueNames().filter(name -> !NOT_SERIALIZABLE.contains(name));
    }

    static Stream<String> notSerializableNames() {
        return NOT_SERIALIZABLE.stream();
    }

    @ParameterizedTest
    @MethodSource("notSerializableNames")
    void samplesThatAreNotSerializableAreRefused(String name) {
        Object value = SerializationSamples.values().get(name);
        assertThatThrownBy(() -> SERIALIZER.serialize(value))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("does not implement java.io.Serializable");
    }

    @Override
    @ParameterizedTest
    @MethodSource("valueNames")
    void valuesRoundTripEqual(String name) {
        super.valuesRoundTripEqual(name);
    }

    @Override
    @Test
    void functionsComputeTheSameAfterARoundTrip() {
        // Lambdas capturing non-Serializable objects are Kryo's territory; the rest must work here.
        SerializationSamples.functions().entrySet().stream()
                .filter(e -> !e.getKey().equals("capturingObjectWithoutNoArgConstructor")
                        && !e.getKey().equals("boundMethodReference"))
                .forEach(e -> {
                    @SuppressWarnings("unchecked")
                    Function<Integer, Object> copy = (Function<Integer, Object>) roundTrip(e.getValue());
                    assertThat(copy.apply(10))
                            .as(e.getKey())
                            .isEqualTo(SerializationSamples.functionResults().get(e.getKey()));
                });
    }

    @Test
    void aClassThatIsNotSerializableIsRefusedWithItsPath() {
        SerializationSamples.Account account = new SerializationSamples.Account("x", 1, List.of());
        assertThatThrownBy(() -> SERIALIZER.serialize(List.of(new Holder(account))))
                .isInstanceOfSatisfying(SerializationException.class, e -> {
                    assertThat(e.offendingClass()).contains(SerializationSamples.Account.class.getName());
                    assertThat(e.path()).last().isEqualTo("resource (" + Holder.class.getName() + ")");
                })
                .hasMessageContaining("does not implement java.io.Serializable");
    }
}
