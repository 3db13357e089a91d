package io.multiprocess.spring.test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What the open application contexts of Spring tests own, so that it is not counted against a test:
 * processes (their pools' workers, their managers' servers), socket files (their managers'), and when
 * their pools started (the pool socket made then is the pool's).
 *
 * @param pids        processes of the contexts
 * @param socketFiles socket files of the contexts
 * @param poolStarts  when each context's process pool started its first worker
 */
record OwnedByContext(Set<Long> pids, Set<Path> socketFiles, List<Instant> poolStarts) {}
