/**
 * How a manager's clients and its server talk: the transports a request travels over (a
 * {@link io.multiprocess.connection.Connection}, shared-memory rings beside it, or TLS), the frames
 * requests and replies are written as, the {@link io.multiprocess.managers.transport.Protocol}'s message
 * kinds and the encoding of argument and result values. Knows nothing of proxies or served objects: both
 * the client side ({@link io.multiprocess.managers}) and the server side
 * ({@link io.multiprocess.managers.server}) build on it.
 */
@NullMarked
package io.multiprocess.managers.transport;

import org.jspecify.annotations.NullMarked;
