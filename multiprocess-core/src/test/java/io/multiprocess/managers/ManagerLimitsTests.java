package io.multiprocess.managers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.testing.NoLeftoversExtension;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A manager's maximum message size: refused on the client before sending, and by the server on the wire. */
@Timeout(120)
@ExtendWith(NoLeftoversExtension.class)
class ManagerLimitsTests {

    private static final byte[] KEY = "manager-limits".getBytes(StandardCharsets.UTF_8);
    private static final BlockingQueue<Object> QUEUE = new LinkedBlockingQueue<>();

    private static BaseManager manager(InetSocketAddress address) {
        BaseManager manager = new BaseManager(address, KEY);
        manager.register("queue", () -> QUEUE, BlockingQueue.class);
        return manager;
    }

    @Test
    void aMessageAboveTheMaximumIsRefusedAndTheServerServesOn() throws Exception {
        BaseManager serving = manager(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withMaxMessageSize(1 << 20);
        try (ServedHere<BaseManager> served = new ServedHere<>(serving)) {
            InetSocketAddress address = (InetSocketAddress) served.server.address();
            BlockingQueue<Object> queue = served.manager.create("queue");
            assertThatThrownBy(() -> queue.put(new byte[2 << 20]))
                    .hasMessageContaining("maximum frame size")
                    .hasMessageContaining("1048576");
            queue.put("small");
            assertThat(queue.poll(30, TimeUnit.SECONDS)).isEqualTo("small");

            try (Socket attacker = authenticated(address)) {
                DataOutputStream out = new DataOutputStream(attacker.getOutputStream());
                out.writeInt((1 << 20) + 1);
                out.write(new byte[13]);
                out.flush();
                assertThat(attacker.getInputStream().read())
                        .as("the server closed the connection")
                        .isEqualTo(-1);
            }
            queue.put("after");
            assertThat(queue.poll(30, TimeUnit.SECONDS)).isEqualTo("after");
            assertThatThrownBy(() -> served.manager.withMaxMessageSize(2 << 20))
                    .isInstanceOf(io.multiprocess.ProcessStateException.class);
        }
    }

    @Test
    void theMaximumMessageSizeIsCheckedAndFixedAtStart() {
        BaseManager manager = manager(null);
        assertThatThrownBy(() -> manager.withMaxMessageSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
    }

    /** A raw TCP peer that passes the handshake and the greeting by hand. */
    private static Socket authenticated(InetSocketAddress address) throws Exception {
        return RawManagerPeer.authenticated(address, KEY, (byte) 7);
    }
}
