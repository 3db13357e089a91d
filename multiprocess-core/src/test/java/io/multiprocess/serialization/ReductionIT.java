package io.multiprocess.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.serialization.ReductionSamples.Endpoint;
import io.multiprocess.serialization.ReductionSamples.Money;
import io.multiprocess.serialization.ReductionSamples.Point;
import io.multiprocess.serialization.ReductionSamples.PointSerializer;
import io.multiprocess.testing.ChildFiles;
import io.multiprocess.testing.NoLeftoversExtension;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Registrations reach children and grandchildren, with both serializers: the parent's registrations
 * apply when the child reads its target, a child's own registration reaches the grandchild, and values
 * the child sends back are rebuilt with the parent's registration.
 */
@ExtendWith(NoLeftoversExtension.class)
class ReductionIT {

    @TempDir
    Path dir;

    static Stream<Serializer> serializers() {
        return Stream.of(new KryoSerializer(), new JdkSerializer());
    }

    @AfterEach
    void unregisterAll() {
        new ArrayList<>(Reduction.registeredTypes()).forEach(Reduction::unregister);
    }

    @ParameterizedTest
    @MethodSource("serializers")
    @SuppressWarnings("unchecked")
    void registrationsReachEveryDescendantAndAChildsOwnReachItsChildren(Serializer serializer) throws IOException {
        Reduction.register(Money.class, Money::format, Money::parse);
        Reduction.register(Endpoint.class, Endpoint::address, Endpoint::reopen);
        ProcessContext ctx = Multiprocess.getContext("spawn").withSerializer(serializer);
        Money price = new Money(1250, "EUR");
        try (Socket unconnected = new Socket()) {
            // Refused without its registration (a socket inside), and not Serializable for Java serialization.
            Endpoint endpoint = new Endpoint("db", 5432, unconnected);
            String childFile = dir.resolve("child").toString();
            String grandchildFile = dir.resolve("grandchild").toString();
            String backFile = dir.resolve("back").toString();

            ChildProcess child = ctx.process(() -> {
                long me = ProcessHandle.current().pid();
                Reduction.registerKryo(Point.class, PointSerializer.class);
                Point point = new Point(3, 4);
                ChildProcess grandchild = Multiprocess.getContext()
                        .process(() -> ChildFiles.write(
                                Path.of(grandchildFile),
                                (price.rebuiltIn == ProcessHandle.current().pid()) + "|" + Money.format(price) + "|"
                                        + Endpoint.address(endpoint) + "|"
                                        + (endpoint.socket == null) + "|" + point.viaKryoSerializer + "|" + point.x
                                        + "," + point.y + "|"
                                        + Reduction.registeredTypes().size()));
                grandchild.start();
                grandchild.join();
                ChildFiles.write(
                        Path.of(childFile),
                        (price.rebuiltIn == me) + "|" + Endpoint.address(endpoint) + "|" + (endpoint.socket == null)
                                + "|" + grandchild.exitCode().orElse(-1));
                ChildFiles.write(Path.of(backFile), Reduction.dumps(List.of(new Money(7, "USD"), new Money(7, "USD"))));
            });
            child.start();
            assertThat(child.join(ChildFiles.TIMEOUT)).isTrue();
            assertThat(child.exitCode()).hasValue(0);

            assertThat(ChildFiles.read(Path.of(childFile))).isEqualTo("true|db:5432|true|0");
            assertThat(ChildFiles.read(Path.of(grandchildFile))).isEqualTo("true|1250 EUR|db:5432|true|true|3,4|3");
            List<Object> back = (List<Object>) serializer.deserialize(Files.readAllBytes(Path.of(backFile)));
            assertThat(back).containsExactly(new Money(7, "USD"), new Money(7, "USD"));
            assertThat(((Money) back.get(0)).rebuiltIn)
                    .isEqualTo(ProcessHandle.current().pid());
            assertThat(Reduction.isRegistered(Point.class))
                    .as("a child's registration stays in the child")
                    .isFalse();
        }
    }
}
