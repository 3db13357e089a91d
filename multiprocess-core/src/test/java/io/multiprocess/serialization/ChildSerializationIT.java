package io.multiprocess.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.testing.ChildFiles;
import io.multiprocess.testing.NoLeftoversExtension;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of value of {@link SerializationSamples} crosses to a child JVM and back. The child
 * compares what it received with samples it builds itself, applies the functions, and sends its own
 * samples back through a file written with the same serializer, which the parent compares with its
 * own: both directions between two JVMs.
 */
@ExtendWith(NoLeftoversExtension.class)
class ChildSerializationIT {

    @TempDir
    Path dir;

    @Test
    void kryoCarriesEveryKindOfValueBothWays() {
        roundTripThroughAChild(new KryoSerializer(), List.of());
    }

    @Test
    void jdkSerializationCarriesEverySerializableValueBothWays() {
        roundTripThroughAChild(
                new JdkSerializer(),
                List.of(
                        "noArgLessNonSerializable",
                        "Map.entry",
                        "keySetView",
                        "subList",
                        "Optional",
                        "Optional.empty",
                        "nested",
                        "Path"));
    }

    private void roundTripThroughAChild(Serializer serializer, List<String> excluded) {
        ProcessContext ctx = Multiprocess.getContext("spawn").withSerializer(serializer);
        Map<String, Object> sent = withoutKeys(SerializationSamples.values(), excluded);
        Map<String, Object> sentAsText = SerializationSamples.valuesComparedAsText();
        Map<String, SerializableFunctionsHolder> functions = new LinkedHashMap<>();
        SerializationSamples.functions().forEach((name, f) -> {
            if (!excluded.contains("noArgLessNonSerializable") || !needsKryo(name)) {
                functions.put(name, new SerializableFunctionsHolder(f));
            }
        });
        Exception exception = SerializationSamples.exception();
        Path report = dir.resolve("report");
        Path back = dir.resolve("back");
        // Java serialization cannot send a Path (it is not Serializable): the child gets the file names.
        String reportFile = report.toString();
        String backFile = back.toString();

        ChildProcess child = ctx.process(() -> {
            List<String> problems = new ArrayList<>();
            Map<String, Object> expected = withoutKeys(SerializationSamples.values(), excluded);
            expected.forEach((name, value) -> {
                if (!Objects.equals(sent.get(name), value)) {
                    problems.add(name + ": received " + sent.get(name) + ", expected " + value);
                }
            });
            SerializationSamples.valuesComparedAsText().forEach((name, value) -> {
                if (!SerializationSamples.text(sentAsText.get(name)).equals(SerializationSamples.text(value))) {
                    problems.add(name + ": received " + SerializationSamples.text(sentAsText.get(name)));
                }
            });
            functions.forEach((name, holder) -> {
                Object result = holder.function().apply(10);
                if (!Objects.equals(
                        result, SerializationSamples.functionResults().get(name))) {
                    problems.add(name + ": computed " + result);
                }
            });
            if (!exception.getMessage().equals("top level failure")
                    || !(exception.getCause().getCause() instanceof IllegalStateException)
                    || exception.getStackTrace().length == 0) {
                problems.add("exception: received " + exception);
            }
            ChildFiles.write(Path.of(reportFile), String.join("\n", problems));
            Serializer own = Multiprocess.getContext().serializer();
            ChildFiles.write(Path.of(backFile), own.serialize(List.of(expected, SerializationSamples.exception())));
        });
        child.start();
        assertThat(child.join(ChildFiles.TIMEOUT)).isTrue();
        assertThat(child.exitCode()).hasValue(0);
        assertThat(ChildFiles.read(report)).as("what the child found wrong").isEmpty();

        List<?> returned = (List<?>) serializer.deserialize(readBytes(back));
        assertThat(returned.get(0)).isEqualTo(sent);
        Throwable fromChild = (Throwable) returned.get(1);
        assertThat(fromChild).isExactlyInstanceOf(Exception.class).hasMessage("top level failure");
        assertThat(fromChild.getCause().getCause())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("root cause");
        assertThat(fromChild.getStackTrace()).isNotEmpty();
        assertThat(fromChild.getStackTrace()[0].getClassName()).isEqualTo(SerializationSamples.class.getName());
        assertThat(fromChild.getSuppressed()).hasSize(1);
    }

    private static boolean needsKryo(String functionName) {
        return functionName.equals("capturingObjectWithoutNoArgConstructor")
                || functionName.equals("boundMethodReference");
    }

    private static Map<String, Object> withoutKeys(Map<String, Object> values, List<String> excluded) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        excluded.forEach(copy::remove);
        return copy;
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps a sample function in a Serializable holder, so both serializers can send the map. */
    record SerializableFunctionsHolder(Function<Integer, Object> function) implements Serializable {}
}
