/**
 * Shared-memory rings and anonymous memory files that the queues are built on. Internal: not an API.
 */
package io.multiprocess.internal.ipc;
