package io.multiprocess;

/**
 * A start method was asked for that does not exist on the JVM ({@code "fork"}) or at all. The message
 * says why and lists the methods that do exist. Python raises {@code ValueError} here.
 */
public class UnsupportedStartMethodException extends MultiprocessException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message why the method is not available and which ones are
     */
    public UnsupportedStartMethodException(String message) {
        super(message);
    }
}
