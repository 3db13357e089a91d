package io.multiprocess.managers.server;

import java.util.HashMap;
import java.util.Map;

/**
 * A client process, as the server sees it: the references its proxies hold, by object id. The session
 * lives as long as the client's session connection; when that closes (the client exited or was killed),
 * the server drops every reference of the session. Guarded by the {@link ObjectTable}'s lock.
 */
final class Session {

    /** The session of the server's own process: it never ends while the server runs. */
    static final long LOCAL = 0;

    final long id;
    final Map<Long, Integer> references = new HashMap<>();
    boolean closed;

    Session(long id) {
        this.id = id;
    }

    @Override
    public String toString() {
        return "Session[" + Long.toHexString(id) + ", " + references.size() + " objects" + (closed ? ", closed" : "")
                + "]";
    }
}
