package io.multiprocess.function;

import java.io.Serializable;

/**
 * A {@link Runnable} that can be sent to another process: the target of a process.
 */
@FunctionalInterface
public interface SerializableRunnable extends Runnable, Serializable {}
