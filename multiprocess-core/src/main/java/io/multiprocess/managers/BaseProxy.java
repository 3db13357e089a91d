package io.multiprocess.managers;

import org.jspecify.annotations.Nullable;

/**
 * What every proxy of a manager implements, besides the interfaces of its type. Python's
 * {@code BaseProxy} (whose {@code _callmethod}, {@code _getvalue} and {@code _token} these are).
 *
 * <p>A proxy forwards each call of its interfaces' methods to the served object in the manager's server
 * and returns (or throws) what the server's method returned (or threw). Proxies can be sent to other
 * processes (as arguments, in queues, inside served dicts and lists): they arrive as proxies of the same
 * object. See {@link BaseManager} for reference counting, threads and failures.
 *
 * <p>The names of these methods are reserved: an interface of the served type should not declare
 * methods with the same names and parameters (its own would be called instead).
 */
public interface BaseProxy {

    /**
     * Calls a method of the served object by name, chosen by the arguments' runtime types (as a dynamic
     * language would). Python's {@code _callmethod(name, args)}. For objects whose class has no interface:
     * {@code int sum = maths.callMethod("add", 4, 3);}
     *
     * @param methodName the method's name; it must be exposed
     * @param args       its arguments (serialized)
     * @param <T>        the expected result type
     * @return the result, a proxy when the type's {@code methodToTypeId} names the method
     * @throws io.multiprocess.managers.RemoteCallException if the method is not exposed, does not exist, or is
     *     ambiguous for these arguments
     * @throws io.multiprocess.managers.ManagerUnreachableException if the server is gone
     */
    <T extends @Nullable Object> T callMethod(String methodName, @Nullable Object... args);

    /**
     * A copy of the served object, made by serializing it on the server. Python's {@code _getvalue()}: a
     * dict proxy's copy is a {@link java.util.LinkedHashMap}, a list proxy's an {@link java.util.ArrayList}.
     *
     * @param <T> the expected type
     * @return the copy
     * @throws io.multiprocess.managers.RemoteCallException if the object cannot be serialized
     */
    <T extends @Nullable Object> T copyReferent();

    /**
     * The served object's identity.
     *
     * @return the token
     */
    ProxyToken proxyToken();

    /**
     * Gives this proxy's reference back to the server now, instead of when the proxy is
     * garbage-collected or its process ends; the server drops the object once no proxy refers to it.
     * Later calls on this proxy throw {@link io.multiprocess.ProcessStateException}. Releasing twice
     * does nothing.
     */
    void releaseProxy();
}
