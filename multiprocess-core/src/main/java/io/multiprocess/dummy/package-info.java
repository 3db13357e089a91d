/**
 * The thread-backed twin of the library: Python's {@code multiprocessing.dummy}, the same API on
 * threads of this JVM. {@link io.multiprocess.dummy.DummyPool} is its {@code Pool}, a
 * {@link io.multiprocess.pool.ThreadPool}.
 */
@NullMarked
package io.multiprocess.dummy;

import org.jspecify.annotations.NullMarked;
