/**
 * The manager's server side: what runs where the objects live. The {@link
 * io.multiprocess.managers.server.Server} accepts connections and carries out their requests; the object
 * table counts every session's references; the served objects behind
 * {@link io.multiprocess.managers.SyncManager}'s types (queues, locks, conditions, events, barriers, lists,
 * dicts, values, arrays, namespaces) and the shared-memory tracker live here, and so does the server
 * process's entry point. Built on {@link io.multiprocess.managers.transport}; knows nothing of proxies:
 * the client side passes in a {@link io.multiprocess.managers.server.ReferenceFactory} for the references
 * its replies carry, and finds the object behind a proxy through
 * {@link io.multiprocess.managers.server.ProxyTarget}. A request the server refuses fails with
 * {@link io.multiprocess.managers.server.CallRefusedException}, which clients report as
 * {@link io.multiprocess.managers.RemoteCallException}.
 */
@NullMarked
package io.multiprocess.managers.server;

import org.jspecify.annotations.NullMarked;
