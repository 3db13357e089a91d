package io.multiprocess.managers;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.connection.Client;
import io.multiprocess.connection.Connection;
import io.multiprocess.testing.NoLeftoversExtension;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A manager's server in front of peers that connect and say nothing: they need no key. */
@Timeout(120)
@ExtendWith(NoLeftoversExtension.class)
class ServerHandshakeTests {

    private static final byte[] KEY = "server-handshake".getBytes(StandardCharsets.UTF_8);

    @Test
    void aHundredSilentPeersDoNotDelayARealClient() throws Exception {
        BaseManager manager = new BaseManager(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), KEY);
        try (ServedHere<BaseManager> served = new ServedHere<>(manager)) {
            List<SocketChannel> silent = new ArrayList<>();
            try {
                for (int i = 0; i < 100; i++) {
                    silent.add(SocketChannel.open(served.server.address()));
                }
                long[] nanos = new long[5];
                for (int i = 0; i < nanos.length; i++) {
                    long start = System.nanoTime();
                    try (Connection client = Client.connect(served.server.address(), KEY)) {
                        nanos[i] = System.nanoTime() - start;
                        assertThat(client.isClosed()).isFalse();
                    }
                }
                Arrays.sort(nanos);
                assertThat(Duration.ofNanos(nanos[nanos.length / 2]))
                        .as("median connect time behind 100 silent peers")
                        .isLessThan(Duration.ofMillis(100));
            } finally {
                for (SocketChannel channel : silent) {
                    channel.close();
                }
            }
        }
    }
}
