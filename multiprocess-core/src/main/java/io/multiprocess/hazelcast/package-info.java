/**
 * The library's API on a Hazelcast cluster (open-source edition): {@link io.multiprocess.hazelcast.ClusterContext}
 * gives a {@link io.multiprocess.pool.Pool} whose tasks run on the cluster's members, queues
 * ({@link io.multiprocess.hazelcast.ClusterQueue}, an IQueue), and a manager
 * ({@link io.multiprocess.hazelcast.ClusterManager}) of dicts (IMap), lists (IList), counters and locks.
 * No Python module of its own: it is {@code multiprocessing}'s {@code Pool}, {@code Queue} and
 * {@code Manager} (as a remote manager serves them to several machines) with a cluster in the place of
 * one machine's processes. {@link io.multiprocess.hazelcast.MemberConfigs} configures members on one
 * machine's loopback interface, and {@link io.multiprocess.hazelcast.MemberProcess} runs one as a
 * child process of the library.
 *
 * <p>Hazelcast ({@code com.hazelcast:hazelcast}) is an optional dependency of multiprocess-core: an
 * application that uses this package adds it; the rest of the core never loads a Hazelcast class and works
 * without it. Members and clients find this package's task serializer through
 * {@code META-INF/services/com.hazelcast.SerializerHook} in the core's jar.
 */
@NullMarked
package io.multiprocess.hazelcast;

import org.jspecify.annotations.NullMarked;
