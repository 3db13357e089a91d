/**
 * Serializable twins of the JDK's functional interfaces.
 *
 * <p>A lambda is serializable only when its target type is. Every API of the library that ships a
 * function to another process takes one of these types, so a plain lambda or method reference passed
 * there is serializable without a cast: {@code pool.map(x -> x * x, items)} just works. This is what
 * dill adds to pickle in Python's {@code multiprocess}.
 *
 * <p>Composition ({@code andThen}, {@code compose}, {@code and}, {@code negate}...) on these types
 * returns serializable functions too; the JDK's default methods would return plain, non-serializable
 * ones.
 */
@NullMarked
package io.multiprocess.function;

import org.jspecify.annotations.NullMarked;
