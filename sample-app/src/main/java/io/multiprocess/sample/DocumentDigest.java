package io.multiprocess.sample;

/**
 * What digesting one document gave.
 *
 * @param index           the document's position in its batch
 * @param sha256          the SHA-256 of its text, in hex
 * @param bytes           its size
 * @param compressedBytes its size after DEFLATE at the best level
 * @param pid             the process that computed it (a pool worker, not the service)
 * @param millis          how long it took there
 */
public record DocumentDigest(int index, String sha256, long bytes, long compressedBytes, long pid, long millis) {}
