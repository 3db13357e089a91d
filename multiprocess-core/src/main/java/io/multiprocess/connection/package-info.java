/**
 * Connections between processes: {@link io.multiprocess.connection.Pipe}, authenticated
 * {@link io.multiprocess.connection.Listener}/{@link io.multiprocess.connection.Client} over Unix-domain
 * sockets and TCP, {@link io.multiprocess.connection.Connections#wait waiting} on many at once, and
 * {@link io.multiprocess.connection.Handles passing descriptors}. Python's
 * {@code multiprocessing.connection} (and the handle functions of {@code multiprocessing.reduction},
 * with {@code multiprocessing.resource_sharer} behind connections that travel to other processes).
 */
@NullMarked
package io.multiprocess.connection;

import org.jspecify.annotations.NullMarked;
