package io.multiprocess.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.serialization.DeserializationPolicy;
import io.multiprocess.serialization.DeserializationRefusedException;
import io.multiprocess.testing.NoLeftoversExtension;
import java.io.Serial;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a {@link Listener}'s peers may make it instantiate, over real TCP sockets. */
@Timeout(120)
@ExtendWith(NoLeftoversExtension.class)
class ListenerDeserializationPolicyTests {

    private static final byte[] KEY = "listener-policy".getBytes(StandardCharsets.UTF_8);
    static final AtomicInteger HOOKS_RUN = new AtomicInteger();

    /** A class no application allowed, whose deserialization hook would run in the listener. */
    static final class Gadget implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private Object readResolve() {
            HOOKS_RUN.incrementAndGet();
            return this;
        }
    }

    record Reading(String sensor, double value) implements Serializable {}

    @AfterEach
    void reset() {
        HOOKS_RUN.set(0);
    }

    /** Accepts one client connected through the loopback address, whatever address the listener bound. */
    private static Connection[] pair(Listener listener) throws Exception {
        int port = ((InetSocketAddress) listener.address()).getPort();
        CompletableFuture<Connection> client = CompletableFuture.supplyAsync(() -> Client.connect(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port), KEY, 1 << 20, Duration.ofSeconds(30)));
        Connection accepted = listener.accept();
        return new Connection[] {accepted, client.get(30, TimeUnit.SECONDS)};
    }

    @Test
    void onTheWildcardAddressARefusedMessageLeavesTheConnectionUsable() throws Exception {
        try (Listener listener = Listener.open(new InetSocketAddress(0), 4, KEY)) {
            assertThat(listener.deserializationPolicy().isEnforcing()).isTrue();
            Connection[] ends = pair(listener);
            try (Connection server = ends[0];
                    Connection client = ends[1]) {
                client.send(new Gadget());
                assertThatThrownBy(server::recv)
                        .isInstanceOf(DeserializationRefusedException.class)
                        .hasMessageContaining(Gadget.class.getName())
                        .hasMessageContaining("multiprocess.serialization.allowed-classes");
                client.send("next");
                assertThat(server.<String>receive()).isEqualTo("next");
                server.send(new Reading("loopback client", 1.5));
                assertThat(client.<Reading>receive())
                        .as("the client connected through loopback: it trusts the listener")
                        .isEqualTo(new Reading("loopback client", 1.5));
            }
        }
        assertThat(HOOKS_RUN).hasValue(0);
    }

    @Test
    void aListenerAllowsTheApplicationsClassesItNames() throws Exception {
        DeserializationPolicy policy =
                DeserializationPolicy.builder().allow(Reading.class).build();
        try (Listener listener = Listener.open(new InetSocketAddress(0), 4, KEY, Listener.Limits.defaults(), policy)) {
            Connection[] ends = pair(listener);
            try (Connection server = ends[0];
                    Connection client = ends[1]) {
                client.send(new Reading("t1", 21.5));
                assertThat(server.<Reading>receive()).isEqualTo(new Reading("t1", 21.5));
            }
        }
    }

    @Test
    void onLoopbackPeersAreTrustedAsBefore() throws Exception {
        try (Listener listener = Listener.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4, KEY)) {
            assertThat(listener.deserializationPolicy().isEnforcing()).isFalse();
            Connection[] ends = pair(listener);
            try (Connection server = ends[0];
                    Connection client = ends[1]) {
                client.send(new Gadget());
                assertThat(server.recv()).isInstanceOf(Gadget.class);
            }
        }
        assertThat(HOOKS_RUN).hasValue(1);
    }
}
