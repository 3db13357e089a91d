package io.multiprocess.managers.server;

import java.lang.reflect.Proxy;

/** Finds the served object behind a proxy, in the process of the server that serves it. */
final class Referents {

    private Referents() {}

    /**
     * The object a proxy refers to, when its server runs in this process.
     *
     * @throws IllegalArgumentException if {@code proxy} is not a proxy of a server of this process
     */
    static Object of(Object proxy) {
        if (proxy != null
                && Proxy.isProxyClass(proxy.getClass())
                && Proxy.getInvocationHandler(proxy) instanceof ProxyTarget target
                && target.servedHere()) {
            Server server = LocalServers.get(target.serverId());
            ServedObject object = server == null ? null : server.table().get(target.objectId());
            if (object != null) {
                return object.referent;
            }
        }
        throw new IllegalArgumentException(proxy + " is not a proxy of an object of this manager");
    }
}
