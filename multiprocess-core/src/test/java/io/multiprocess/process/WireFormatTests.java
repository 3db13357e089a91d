package io.multiprocess.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bootstrap frame, the forkserver's messages and the frame form of output redirections. */
class WireFormatTests {

    @Test
    void aFrameCarriesTheStreamsASpareOpens() throws IOException {
        BootstrapFrame frame = new BootstrapFrame(42, "MainProcess", "x.Serializer", new byte[] {1, 2}, new byte[] {3})
                .withStreams("w:/tmp/out", "a:/tmp/err");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        frame.writeTo(bytes);
        BootstrapFrame read = BootstrapFrame.readFrom(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(read.parentPid()).isEqualTo(42);
        assertThat(read.context()).containsExactly(1, 2);
        assertThat(read.process()).containsExactly(3);
        assertThat(read.output()).isEqualTo("w:/tmp/out");
        assertThat(read.error()).isEqualTo("a:/tmp/err");
        assertThat(new BootstrapFrame(1, "p", "s", new byte[0], new byte[0]).output())
                .isEqualTo(StandardStreams.KEEP);
    }

    @Test
    void redirectionsHaveAFrameForm() {
        assertThat(StandardStreams.of(Redirect.INHERIT)).isEqualTo(StandardStreams.KEEP);
        assertThat(StandardStreams.of(Redirect.to(new File("/tmp/a")))).isEqualTo("w:/tmp/a");
        assertThat(StandardStreams.of(Redirect.appendTo(new File("/tmp/b")))).isEqualTo("a:/tmp/b");
        assertThat(StandardStreams.of(Redirect.DISCARD)).startsWith("w:");
        assertThat(StandardStreams.toRedirect("a:/tmp/b")).isEqualTo(Redirect.appendTo(new File("/tmp/b")));
        assertThat(StandardStreams.toRedirect("w:/tmp/a")).isEqualTo(Redirect.to(new File("/tmp/a")));
        assertThat(StandardStreams.toRedirect("")).isEqualTo(Redirect.INHERIT);
        assertThatThrownBy(() -> StandardStreams.of(Redirect.PIPE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aConfigurationTravelsToTheServerAndBadLengthsAreRefused() throws IOException {
        ForkServerProtocol.Configuration configuration =
                new ForkServerProtocol.Configuration("key", List.of("java", "-cp", "x.jar", "Main"), List.of("a.B"), 2);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        configuration.writeTo(new DataOutputStream(bytes));
        assertThat(ForkServerProtocol.Configuration.readFrom(
                        new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
                .isEqualTo(configuration);
        byte[] negative = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThatThrownBy(() -> ForkServerProtocol.readString(new DataInputStream(new ByteArrayInputStream(negative))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("out of range");
    }

    @Test
    void exitStatusesAbove128AreSignals() {
        assertThat(ExitCodes.fromStatus(143)).isEqualTo(-15);
        assertThat(ExitCodes.fromStatus(137)).isEqualTo(-9);
        assertThat(ExitCodes.fromStatus(7)).isEqualTo(7);
    }
}
