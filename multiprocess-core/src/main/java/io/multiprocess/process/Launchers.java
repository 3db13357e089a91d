package io.multiprocess.process;

import io.multiprocess.StartMethod;

/**
 * The launcher of each start method.
 *
 * <p>Internal SPI.
 */
final class Launchers {

    private Launchers() {}

    /**
     * The launcher for a start method that starts processes.
     *
     * @param method the start method
     * @return its launcher
     * @throws IllegalArgumentException for {@link StartMethod#THREAD}, which starts threads ({@link ThreadLauncher})
     */
    public static Launcher forMethod(StartMethod method) {
        return switch (method) {
            case SPAWN -> SpawnLauncher.INSTANCE;
            case FORKSERVER -> ForkServerLauncher.INSTANCE;
            case THREAD ->
                throw new IllegalArgumentException(
                        "The 'thread' start method starts threads, not processes: " + "use ThreadLauncher");
        };
    }
}
