package io.multiprocess.managers.server;

/**
 * The served object a proxy stands for, as its invocation handler tells it: what the server side needs
 * to find the object itself when a proxy reaches a server in the process that serves its object (a lock
 * passed to a condition of the same manager, say).
 */
public interface ProxyTarget {

    /**
     * The server that serves the object.
     *
     * @return the server's random id
     */
    long serverId();

    /**
     * The object.
     *
     * @return the object's id on its server
     */
    long objectId();

    /**
     * Whether the proxy reaches its server in this process, without a connection.
     *
     * @return true if the server runs in this process
     */
    boolean servedHere();
}
