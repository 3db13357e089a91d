package io.multiprocess.forkserver;

/** A class whose initialization leaves a mark: the forkserver's preload test loads it in spares. */
public final class PreloadProbe {

    /** The system property the initialization sets (a constant: reading it does not load this class). */
    public static final String PROPERTY = "multiprocess.test.preloaded";

    static {
        System.setProperty(
                PROPERTY, "initialized in pid " + ProcessHandle.current().pid());
    }

    private PreloadProbe() {}
}
