package io.multiprocess.spring.it;

/**
 * A price worked out in a worker.
 *
 * @param cents    the input
 * @param total    with markup and tax
 * @param currency from the properties
 * @param pid      the process that worked it out
 */
public record Quote(int cents, long total, String currency, long pid) {}
