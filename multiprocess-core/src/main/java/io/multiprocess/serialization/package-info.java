/**
 * How values cross process boundaries: Python's {@code pickle} and dill's extensions, for Java.
 *
 * <p>{@link io.multiprocess.serialization.Serializer} is the abstraction every channel of the library
 * uses (process targets, and later queues, pipes, pools and managers).
 * {@link io.multiprocess.serialization.KryoSerializer} is the default: like dill, it serializes what
 * Java's built-in serialization refuses, such as capturing lambdas, anonymous classes and classes that
 * do not implement {@link java.io.Serializable}. {@link io.multiprocess.serialization.JdkSerializer}
 * uses Java's built-in serialization for users who want its rules.
 *
 * <p>What cannot cross a process boundary (a thread, a socket, a stream, an executor, a JDK lock, a
 * lambda whose type is not serializable) is refused in the sender, with a
 * {@link io.multiprocess.SerializationException} naming the object and the path to it.
 *
 * <p>What bytes from a network peer may make a process instantiate is bounded by a
 * {@link io.multiprocess.serialization.DeserializationPolicy}: an allow-list that managers, listeners and
 * clients on non-loopback addresses enforce by default, and a JEP 290 filter on every Java
 * deserialization.
 *
 * <p>Mirrors Python's {@code multiprocessing.reduction}.
 */
@NullMarked
package io.multiprocess.serialization;

import org.jspecify.annotations.NullMarked;
