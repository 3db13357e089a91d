package io.multiprocess.managers.server;

/**
 * A served object that a client's connection can hold (a lock): released when that connection ends,
 * so that a client that dies, or whose thread ends, while holding it does not block the others for ever.
 */
interface HeldByConnections {

    /**
     * Releases whatever {@code owner} holds.
     *
     * @param owner the connection that ended
     */
    void releaseHeldBy(Object owner);
}
