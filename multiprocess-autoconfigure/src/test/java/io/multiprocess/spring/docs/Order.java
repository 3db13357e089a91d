package io.multiprocess.spring.docs;

/** An item to price, for the README's {@code @ParallelMap} example. */
public record Order(String item, long cents) {
}
