/**
 * multiprocess-java: Python's {@code multiprocess} (the dill-powered {@code multiprocessing}) for the JVM.
 *
 * <p>{@link io.multiprocess.Multiprocess} holds the module-level functions; the packages below hold one
 * Python module each: {@code process}, {@code context}, {@code serialization} (reduction),
 * {@code function} (what dill adds: serializable lambdas). The exceptions of the library live here.
 */
@NullMarked
package io.multiprocess;

import org.jspecify.annotations.NullMarked;
