package io.multiprocess.managers;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.managers.transport.Protocol;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** A raw TCP peer of a manager server that passes the handshake and the greeting by hand, to misbehave after. */
final class RawManagerPeer {

    private RawManagerPeer() {}

    /**
     * Connects, proves {@code key} both ways and says hello as a calls session.
     *
     * @param sessionId the session id the peer claims
     */
    static Socket authenticated(InetSocketAddress address, byte[] key, byte sessionId) throws Exception {
        Socket socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout(60_000);
        DataInputStream in = new DataInputStream(socket.getInputStream());
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        writeFrame(out, mac.doFinal(readFrame(in)));
        assertThat(new String(readFrame(in), StandardCharsets.US_ASCII)).isEqualTo("#WELCOME#");
        byte[] ours = "#CHALLENGE#{sha256}0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        writeFrame(out, ours);
        assertThat(readFrame(in)).isEqualTo(mac.doFinal(ours));
        writeFrame(out, "#WELCOME#".getBytes(StandardCharsets.US_ASCII));
        byte[] hello = new byte[18];
        hello[0] = Protocol.HELLO;
        hello[1] = Protocol.KIND_CALLS;
        hello[2] = sessionId;
        writeFrame(out, hello);
        assertThat(readFrame(in)[0]).isEqualTo((byte) Protocol.OK);
        return socket;
    }

    static byte[] readFrame(DataInputStream in) throws IOException {
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        return frame;
    }

    static void writeFrame(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
        out.flush();
    }
}
