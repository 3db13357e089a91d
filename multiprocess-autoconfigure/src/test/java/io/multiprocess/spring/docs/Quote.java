package io.multiprocess.spring.docs;

/** A priced item and the pid of the process that priced it, for the README's {@code @ParallelMap} example. */
public record Quote(String item, long cents, long pid) {
}
