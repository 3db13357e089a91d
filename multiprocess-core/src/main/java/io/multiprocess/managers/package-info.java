/**
 * Managers: server processes that own objects other processes use through proxies, on this machine or
 * across the network. Python's {@code multiprocessing.managers} (and {@code SharedMemoryManager} of
 * {@code multiprocessing.shared_memory}).
 *
 * <p>{@link io.multiprocess.managers.BaseManager} serves registered types;
 * {@link io.multiprocess.managers.SyncManager} serves dicts, lists, namespaces, queues, locks, conditions,
 * events, barriers, values, arrays and pools; {@link io.multiprocess.managers.SharedMemoryManager} hands out
 * shared-memory blocks that all go when it shuts down. Proxies implement the served type's interface
 * and {@link io.multiprocess.managers.BaseProxy}.
 *
 * <p>This package is the client side and the API: the managers, the proxies, the exceptions a caller
 * sees. The server process's side is {@link io.multiprocess.managers.server}; the transports and framing
 * both sides talk through are {@link io.multiprocess.managers.transport}. The dependencies run one way:
 * this package uses the server (a manager starts or runs one), the server uses the transport.
 */
@NullMarked
package io.multiprocess.managers;

import org.jspecify.annotations.NullMarked;
