package io.multiprocess.managers;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.managers.transport.FrameReader;
import io.multiprocess.managers.transport.FrameWriter;
import io.multiprocess.managers.transport.Protocol;
import io.multiprocess.managers.transport.ValueCodec;
import io.multiprocess.serialization.DeserializationPolicy;
import io.multiprocess.serialization.KryoSerializer;
import io.multiprocess.testing.NoLeftoversExtension;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A manager's deserialization policy travels to the server process {@code start()} launches: bound to
 * the wildcard address, that process refuses a raw peer's class outside the list and reads the classes
 * the application named.
 */
@Timeout(180)
@ExtendWith(NoLeftoversExtension.class)
class ManagerDeserializationPolicyIT {

    private static final byte[] KEY = "manager-policy-process".getBytes(StandardCharsets.UTF_8);

    /** A class the manager does not allow. */
    record Stranger(String payload) implements Serializable {}

    /** A class the manager allows. */
    record Order(String id, int quantity) implements Serializable {}

    private static FrameReader createWith(Socket peer, Object argument) throws IOException {
        FrameWriter out = new FrameWriter().reset().writeByte(Protocol.CREATE).writeString("holder");
        ValueCodec.writeAll(out, new Object[] {argument}, new KryoSerializer());
        byte[] frame = new byte[out.length()];
        System.arraycopy(out.bytes(), 0, frame, 0, frame.length);
        RawManagerPeer.writeFrame(new DataOutputStream(peer.getOutputStream()), frame);
        return new FrameReader(RawManagerPeer.readFrame(new DataInputStream(peer.getInputStream())));
    }

    @Test
    void theServerProcessEnforcesTheManagersPolicy() throws Exception {
        BaseManager manager = new BaseManager(new InetSocketAddress(0), KEY)
                .withDeserializationPolicy(
                        DeserializationPolicy.builder().allow(Order.class).build());
        manager.register(
                "holder", args -> new LinkedBlockingQueue<>(List.of(args)), BlockingQueue.class, null, null, true);
        manager.start();
        try {
            int port = ((InetSocketAddress) manager.address()).getPort();
            try (Socket peer = RawManagerPeer.authenticated(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), port), KEY, (byte) 9)) {
                FrameReader refused = createWith(peer, new Stranger("x"));
                assertThat(refused.readByte()).isEqualTo(Protocol.FAILED);
                assertThat(refused.readString())
                        .contains(Stranger.class.getName())
                        .contains("multiprocess.serialization.allowed-classes");
                assertThat(createWith(peer, new Order("raw", 1)).readByte()).isEqualTo(Protocol.OK);
            }
            BlockingQueue<Object> holder = manager.create("holder", new Order("o-7", 2));
            assertThat(holder.poll(30, TimeUnit.SECONDS)).isEqualTo(new Order("o-7", 2));
        } finally {
            manager.shutdown();
        }
    }
}
