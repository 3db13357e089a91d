package io.multiprocess.managers.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * A server's address as the short text that travels in proxy references: {@code unix:<path>} or
 * {@code tcp:<host>:<port>}.
 */
public final class Addresses {

    private Addresses() {}

    /**
     * Formats an address.
     *
     * @param address a Unix-domain or TCP address
     * @return its text
     * @throws IllegalArgumentException for another kind of address
     */
    public static String format(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress unix) {
            return "unix:" + unix.getPath();
        }
        if (address instanceof InetSocketAddress inet) {
            return "tcp:" + inet.getHostString() + ":" + inet.getPort();
        }
        throw new IllegalArgumentException(
                "A manager's address is a UnixDomainSocketAddress or an InetSocketAddress, not "
                        + (address == null ? "null" : address.getClass().getName()));
    }

    /**
     * Parses the text {@link #format} wrote.
     *
     * @param text an address text
     * @return the address
     * @throws IllegalArgumentException if the text is not a manager address
     */
    public static SocketAddress parse(String text) {
        if (text.startsWith("unix:")) {
            return UnixDomainSocketAddress.of(text.substring(5));
        }
        if (text.startsWith("tcp:")) {
            int colon = text.lastIndexOf(':');
            return new InetSocketAddress(text.substring(4, colon), Integer.parseInt(text.substring(colon + 1)));
        }
        throw new IllegalArgumentException("Not a manager address: " + text);
    }

    /**
     * An address a client can connect to: a wildcard host (0.0.0.0, ::) becomes the loopback address.
     *
     * @param address the address a server listens at
     * @return the address to connect to
     */
    public static SocketAddress connectable(SocketAddress address) {
        if (address instanceof InetSocketAddress inet
                && inet.getAddress() != null
                && inet.getAddress().isAnyLocalAddress()) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), inet.getPort());
        }
        return address;
    }
}
