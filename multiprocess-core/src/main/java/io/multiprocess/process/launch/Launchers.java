package io.multiprocess.process.launch;

import io.multiprocess.StartMethod;

/**
 * The launcher of each start method.
 *
 * <p>Internal SPI.
 */
public final class Launchers {

    private Launchers() {
    }

    /**
     * The launcher for a start method.
     *
     * @param method the start method
     * @return its launcher
     */
    public static Launcher forMethod(StartMethod method) {
        return switch (method) {
            case SPAWN -> SpawnLauncher.INSTANCE;
        };
    }
}
