package io.multiprocess.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KryoSerializerTests extends SerializerContractTests {

    private static final KryoSerializer SERIALIZER = new KryoSerializer();

    @Override
    Serializer serializer() {
        return SERIALIZER;
    }

    @Test
    void anExceptionHoldingSomethingUnserializableArrivesAsASurrogateWithItsTrace() {
        IllegalStateException original = new IllegalStateException("has a thread", new RuntimeException("cause"));
        WithThread carrier = new WithThread("boom", new Thread(), original);
        Throwable copy = (Throwable) roundTrip(carrier);
        assertThat(copy).isInstanceOf(SerializedThrowable.class).hasMessage("boom");
        assertThat(((SerializedThrowable) copy).originalClassName()).isEqualTo(WithThread.class.getName());
        assertThat(copy.toString()).startsWith(WithThread.class.getName() + ": boom");
        assertThat(copy.getStackTrace()).isEqualTo(carrier.getStackTrace());
        assertThat(copy.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("has a thread");
    }

    @Test
    void classesThatAreNotSerializableTravelByTheirFields() {
        SerializationSamples.Account account = new SerializationSamples.Account("x", 1, List.of("t"));
        assertThat(roundTrip(account)).isEqualTo(account);
    }

    /** An exception with a field Java serialization refuses. */
    static final class WithThread extends RuntimeException {
        private static final long serialVersionUID = 1L;

        @SuppressWarnings("serial")
        final Thread thread;

        WithThread(String message, Thread thread, Throwable cause) {
            super(message, cause);
            this.thread = thread;
        }
    }
}
