package io.multiprocess.sample;

/**
 * One document of a batch: what a worker needs to generate it (its text never travels).
 *
 * @param batch     the id of its batch, whose progress the worker counts
 * @param index     its position in the batch
 * @param seed      the seed of its text
 * @param kilobytes its size
 */
public record DocumentSpec(String batch, int index, long seed, int kilobytes) {}
