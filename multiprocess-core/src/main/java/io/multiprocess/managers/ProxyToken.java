package io.multiprocess.managers;

import java.net.SocketAddress;

/**
 * Identifies a served object: its type id, its server's address and its id there. Python's
 * {@code multiprocessing.managers.Token}. Obtained from {@link BaseProxy#proxyToken()}, for logs and
 * diagnostics; proxies themselves travel between processes, not tokens.
 *
 * @param typeId  the type id the object was registered under
 * @param address the server's address
 * @param id      the object's id on that server
 */
public record ProxyToken(String typeId, SocketAddress address, long id) {}
