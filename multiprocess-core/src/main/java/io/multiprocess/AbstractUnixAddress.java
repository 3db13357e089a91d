package io.multiprocess;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A Unix-domain socket address in Linux's abstract namespace: Python's {@code '\0name'} addresses. No
 * socket file is created; the name disappears when the last socket bound to it closes, so nothing is left
 * to clean up. The name is scoped to the network namespace, and anyone in it may connect (keep the
 * listener's authentication on).
 *
 * <p>{@link java.net.UnixDomainSocketAddress} cannot hold such a name (a path may not contain NUL), hence
 * this type. Linux only.
 */
public final class AbstractUnixAddress extends SocketAddress {

    private static final long serialVersionUID = 1L;

    /** The longest name: {@code sun_path} holds 108 bytes, one of them the leading NUL. */
    public static final int MAX_NAME_BYTES = 107;

    private final String name;

    private AbstractUnixAddress(String name) {
        this.name = name;
    }

    /**
     * The abstract address with this name.
     *
     * @param name the name without the leading NUL, 1 to {@value #MAX_NAME_BYTES} bytes of UTF-8
     * @return the address
     * @throws IllegalArgumentException if the name is empty or too long
     */
    public static AbstractUnixAddress of(String name) {
        Objects.requireNonNull(name, "name");
        int length = name.getBytes(StandardCharsets.UTF_8).length;
        if (length == 0 || length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("An abstract Unix socket name must have 1 to " + MAX_NAME_BYTES
                    + " bytes of UTF-8, not " + length + ": " + name);
        }
        return new AbstractUnixAddress(name);
    }

    /**
     * Reads Python's spelling: a string that starts with NUL ({@code "\0name"}).
     *
     * @param pythonAddress the string, NUL first
     * @return the address
     * @throws IllegalArgumentException if the string does not start with NUL, or its name is empty or too long
     */
    public static AbstractUnixAddress ofPython(String pythonAddress) {
        if (pythonAddress.isEmpty() || pythonAddress.charAt(0) != '\0') {
            throw new IllegalArgumentException(
                    "An abstract Unix address starts with \\0, as Python writes it: " + pythonAddress);
        }
        return of(pythonAddress.substring(1));
    }

    /**
     * The name, without the leading NUL.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The bytes of {@code sun_path}: a NUL, then the name in UTF-8 (no trailing NUL).
     *
     * @return a fresh array
     */
    public byte[] sunPath() {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] path = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, path, 1, bytes.length);
        return path;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AbstractUnixAddress that && name.equals(that.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    /** Python's spelling, with the NUL shown as {@code @} (as {@code ss} and {@code netstat} show it). */
    @Override
    public String toString() {
        return "@" + name;
    }
}
