package io.multiprocess.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.SerializationException;
import io.multiprocess.StartMethod;
import io.multiprocess.function.SerializableRunnable;
import io.multiprocess.serialization.JdkSerializer;
import io.multiprocess.serialization.KryoSerializer;
import io.multiprocess.serialization.Serializer;
import io.multiprocess.serialization.Serializers;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * How a process object and its context travel in a bootstrap frame: the plain form a child reads without
 * a serializer, and the serialized form for everything else. In one JVM; the process tests run both
 * forms in real children.
 */
class BootstrapProcessFormTests {

    private static final AtomicInteger CALLS = new AtomicInteger();
    private static final String KRYO = KryoSerializer.class.getName();

    private final Serializer serializer = Serializers.forName(KRYO);
    private final ClassLoader loader = getClass().getClassLoader();

    private static void countCall() {
        CALLS.incrementAndGet();
    }

    private static int countCallAndAnswer() {
        return CALLS.incrementAndGet();
    }

    private static void fail() {
        throw new IllegalArgumentException("from the target");
    }

    @Test
    void aLambdaThatCapturedNothingTravelsPlainWithEverySetting() {
        ChildProcess process = new ChildProcess(null, "plain-one", () -> countCall());
        process.setDaemon(true);
        process.setAuthkey(new byte[] {7, 8, 9});
        process.setRole(ProcessRole.POOL_WORKER);
        byte[] bytes = BootstrapProcessForm.encode(process, serializer);
        assertThat(bytes[0]).isEqualTo((byte) 1);
        assertThat(BootstrapProcessForm.isPlain(process)).isTrue();

        ChildProcess copy = BootstrapProcessForm.decode(bytes, KRYO, loader);
        assertThat(copy.getClass()).isEqualTo(ChildProcess.class);
        assertThat(copy.name()).isEqualTo("plain-one");
        assertThat(copy.isDaemon()).isTrue();
        assertThat(copy.authkey()).containsExactly(7, 8, 9);
        assertThat(copy.identity()).containsExactly(process.identity());
        assertThat(copy.role()).isEqualTo(ProcessRole.POOL_WORKER);
        int before = CALLS.get();
        copy.run();
        assertThat(CALLS.get()).isEqualTo(before + 1);
    }

    @Test
    void staticMethodReferencesTravelPlainAndTheirResultIsIgnored() {
        SerializableRunnable discardsResult = BootstrapProcessFormTests::countCallAndAnswer;
        for (SerializableRunnable target :
                List.<SerializableRunnable>of(BootstrapProcessFormTests::countCall, discardsResult)) {
            ChildProcess process = new ChildProcess(null, "reference", target);
            ChildProcess copy =
                    BootstrapProcessForm.decode(BootstrapProcessForm.encode(process, serializer), KRYO, loader);
            int before = CALLS.get();
            copy.run();
            assertThat(CALLS.get()).isEqualTo(before + 1);
        }
    }

    @Test
    void theTargetsExceptionArrivesUnwrapped() {
        ChildProcess process = new ChildProcess(null, "failing", () -> fail());
        ChildProcess copy = BootstrapProcessForm.decode(BootstrapProcessForm.encode(process, serializer), KRYO, loader);
        assertThatThrownBy(copy::run)
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("from the target");
    }

    @Test
    void capturingLambdasAndSubclassesTravelSerialized() {
        AtomicInteger local = new AtomicInteger(41);
        int captured = local.get();
        ChildProcess capturing = new ChildProcess(null, "capturing", () -> CALLS.set(captured + 1));
        assertThat(BootstrapProcessForm.isPlain(capturing)).isFalse();
        byte[] bytes = BootstrapProcessForm.encode(capturing, serializer);
        assertThat(bytes[0]).isEqualTo((byte) 0);
        ChildProcess copy = BootstrapProcessForm.decode(bytes, KRYO, loader);
        copy.run();
        assertThat(CALLS.get()).isEqualTo(42);

        ChildProcess subclass = new CountingProcess();
        assertThat(BootstrapProcessForm.isPlain(subclass)).isFalse();
        ChildProcess subclassCopy =
                BootstrapProcessForm.decode(BootstrapProcessForm.encode(subclass, serializer), KRYO, loader);
        assertThat(subclassCopy).isInstanceOf(CountingProcess.class);
    }

    @Test
    void otherSerializersReadTheSerializedForm() {
        Serializer jdk = new JdkSerializer();
        int captured = 5;
        ChildProcess process = new ChildProcess(null, "jdk", () -> CALLS.set(captured));
        ChildProcess copy = BootstrapProcessForm.decode(
                BootstrapProcessForm.encode(process, jdk), JdkSerializer.class.getName(), loader);
        copy.run();
        assertThat(CALLS.get()).isEqualTo(5);
    }

    @Test
    void unreadableBytesAreASerializationException() {
        assertThatThrownBy(() -> BootstrapProcessForm.decode(new byte[0], KRYO, loader))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("no process object");
        assertThatThrownBy(() -> BootstrapProcessForm.decode(new byte[] {9, 1}, KRYO, loader))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown form 9");
        byte[] plain = BootstrapProcessForm.encode(new ChildProcess(null, "cut", () -> countCall()), serializer);
        byte[] cut = Arrays.copyOf(plain, plain.length - 4);
        assertThatThrownBy(() -> BootstrapProcessForm.decode(cut, KRYO, loader))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Cannot rebuild the process object");
    }

    @Test
    void readingTheSettingsOfAFrameAdoptsNothingUntilTheEntryPointSaysSo() {
        String property = InheritedLogging.STDERR_LEVEL_PROPERTY;
        String before = System.getProperty(property);
        System.setProperty(property, "INFO");
        byte[] bytes;
        try {
            bytes = SettingsWireFormat.write(ProcessSettings.of(StartMethod.SPAWN), serializer);
        } finally {
            System.clearProperty(property);
        }
        try {
            SettingsWireFormat.Inheritance read = SettingsWireFormat.read(bytes, KRYO);
            assertThat(System.getProperty(property)).as("read only").isNull();
            read.adopt();
            assertThat(System.getProperty(property)).isEqualTo("INFO");
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
    }

    @Test
    void aContextTravelsFieldByField() {
        ProcessSettings context = ProcessSettings.of(StartMethod.FORKSERVER)
                .withJvmOptions("-Xmx64m", "-Dx=y")
                .withForkserverSpares(3)
                .withForkserverPreload("java.util.ArrayList");
        ProcessSettings copy = SettingsWireFormat.read(SettingsWireFormat.write(context, serializer), KRYO)
                .settings();
        assertThat(copy.startMethod()).isEqualTo(StartMethod.FORKSERVER);
        assertThat(copy.jvmOptions()).containsExactly("-Xmx64m", "-Dx=y");
        assertThat(copy.forkserverSpares()).isEqualTo(3);
        assertThat(copy.forkserverPreload()).containsExactly("java.util.ArrayList");
        assertThat(copy.serializer()).isInstanceOf(KryoSerializer.class);
        assertThatThrownBy(() -> SettingsWireFormat.read(new byte[] {0, 3, 'X'}, KRYO))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("context of a bootstrap frame");
    }

    /** A subclass that overrides run(). */
    static final class CountingProcess extends ChildProcess {

        private static final long serialVersionUID = 1L;

        @Override
        public void run() {
            countCall();
        }
    }
}
