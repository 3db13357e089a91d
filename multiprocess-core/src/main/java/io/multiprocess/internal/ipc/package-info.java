/**
 * Shared-memory rings and anonymous memory files that the queues are built on, and the challenge and
 * response that authenticates framed channels. Internal: not an API.
 */
@NullMarked
package io.multiprocess.internal.ipc;

import org.jspecify.annotations.NullMarked;
