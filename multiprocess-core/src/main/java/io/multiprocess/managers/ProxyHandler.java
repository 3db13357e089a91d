package io.multiprocess.managers;

import io.multiprocess.InterruptedOperationException;
import io.multiprocess.ProcessStateException;
import io.multiprocess.managers.server.MethodResolver;
import io.multiprocess.managers.server.ProxyTarget;
import io.multiprocess.managers.server.SerializationScope;
import io.multiprocess.managers.server.ServingContext;
import io.multiprocess.managers.transport.Addresses;
import io.multiprocess.managers.transport.Protocol;
import io.multiprocess.util.Finalize;
import java.io.Serial;
import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The invocation handler behind every proxy: forwards interface calls to the server, answers
 * {@link BaseProxy}'s and {@code Object}'s methods itself, and defines how the proxy travels.
 *
 * <p>Which calls stay in this process: {@code equals} and {@code hashCode} (two proxies are equal when
 * they refer to the same served object), the methods of {@link BaseProxy}, default methods declared by
 * this package's proxy interfaces (helpers built on remote calls, such as a list proxy's iterator), and
 * the JDK's default methods that only iterate ({@code forEach}, {@code forEachRemaining},
 * {@code spliterator}, {@code stream}, {@code parallelStream}), so that their lambdas run here. Every
 * other method runs on the server, including the JDK's other default methods ({@code Map.compute},
 * {@code List.removeIf}...), which are then atomic there and whose function arguments must be serializable.
 * {@code toString()} returns the served object's own {@code toString()} (as Python's {@code str()}), except
 * in a server's own threads, where it describes the proxy (so that a served dict holding proxies prints
 * them without calling the server from inside its own lock).
 */
final class ProxyHandler implements InvocationHandler, ProxyTarget, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final Set<String> LOCAL_DEFAULTS = Set.of("forEach", "forEachRemaining", "spliterator", "stream",
        "parallelStream");

    private static final ConcurrentHashMap<Method, String> DESCRIPTORS = new ConcurrentHashMap<>();

    private final transient ManagerClient client;
    private final transient ProxyReference reference;
    /** Keeps the manager that created this proxy alive as long as the proxy (its finalizer shuts the server down). */
    private final transient Object keepAlive;
    private transient volatile Finalize cleanup;
    private transient volatile boolean released;

    ProxyHandler(ManagerClient client, ProxyReference reference, Object keepAlive) {
        this.client = client;
        this.reference = reference;
        this.keepAlive = keepAlive;
    }

    void watch(Object proxy) {
        cleanup = Finalize.register(proxy, client.decrefAction(reference.objectId()));
    }

    @Override
    public long objectId() {
        return reference.objectId();
    }

    @Override
    public long serverId() {
        return client.serverId();
    }

    @Override
    public boolean servedHere() {
        return client.isLocal();
    }

    ManagerClient client() {
        return client;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Class<?> declaring = method.getDeclaringClass();
        if (declaring == Object.class) {
            return objectMethod(proxy, method, args);
        }
        if (declaring == BaseProxy.class) {
            return proxyMethod(method, args);
        }
        if (method.isDefault() && (declaring.getPackage() == BaseProxy.class.getPackage()
            || LOCAL_DEFAULTS.contains(method.getName()))) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        checkNotReleased();
        try {
            return client.call(reference.objectId(), DESCRIPTORS.computeIfAbsent(method, MethodResolver::descriptor), args,
                keepAlive);
        } catch (InterruptedOperationException e) {
            if (declares(method, InterruptedException.class)) {
                Thread.interrupted();
                InterruptedException interrupted = new InterruptedException(e.getMessage());
                interrupted.initCause(e);
                throw interrupted;
            }
            throw e;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable checked) {
            if (declares(method, checked.getClass())) {
                throw checked;
            }
            throw new RemoteCallException("The served " + reference.typeId() + " threw " + checked.getClass().getName()
                + ", a checked exception that " + method + " does not declare", checked);
        }
    }

    private static boolean declares(Method method, Class<?> exception) {
        for (Class<?> declared : method.getExceptionTypes()) {
            if (declared.isAssignableFrom(exception)) {
                return true;
            }
        }
        return false;
    }

    private Object objectMethod(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "equals":
                return args[0] != null && Proxy.isProxyClass(args[0].getClass())
                    && Proxy.getInvocationHandler(args[0]) instanceof ProxyHandler other
                    && other.reference.serverId() == reference.serverId() && other.reference.objectId() == reference.objectId();
            case "hashCode":
                return Long.hashCode(reference.serverId() * 31 + reference.objectId());
            default:
                if (released || ServingContext.serving()) {
                    return describe();
                }
                try {
                    return client.call(reference.objectId(), Protocol.TO_STRING, null, null);
                } catch (RuntimeException e) {
                    return describe() + " (" + e.getMessage() + ")";
                }
        }
    }

    private Object proxyMethod(Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "callMethod": {
                checkNotReleased();
                Object[] callArgs = args[1] == null ? new Object[0] : (Object[]) args[1];
                return rethrowUnchecked(() -> client.call(reference.objectId(),
                    MethodResolver.byName((String) args[0], callArgs.length), callArgs, keepAlive));
            }
            case "copyReferent":
                checkNotReleased();
                return rethrowUnchecked(() -> client.call(reference.objectId(), Protocol.COPY, null, keepAlive));
            case "proxyToken":
                return new ProxyToken(reference.typeId(), Addresses.parse(reference.address()), reference.objectId());
            case "releaseProxy":
                release();
                return null;
            default:
                throw new AssertionError(method);
        }
    }

    private interface RemoteCall {
        Object run() throws Throwable;
    }

    private Object rethrowUnchecked(RemoteCall call) {
        try {
            return call.run();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable checked) {
            throw new RemoteCallException("The served " + reference.typeId() + " threw a checked exception: " + checked, checked);
        }
    }

    void release() {
        released = true;
        Finalize finalizer = cleanup;
        if (finalizer != null) {
            finalizer.run();
        }
    }

    private void checkNotReleased() {
        if (released) {
            throw new ProcessStateException("This proxy of " + describe() + " was released (releaseProxy()); use another "
                + "proxy of the object");
        }
    }

    private String describe() {
        return "'" + reference.typeId() + "' #" + reference.objectId() + " at " + reference.address();
    }

    /** A proxy travels as a reference: see {@link SerializationScope}. */
    @Serial
    private Object writeReplace() {
        checkNotReleased();
        Object scope = SerializationScope.current();
        if (scope instanceof SerializationScope.Reply reply && reply.serverId() == reference.serverId()) {
            return client.outgoing(reference, ProxyReference.CREDITED, reply.credit(reference.objectId()));
        }
        if (scope instanceof SerializationScope.Request request && request.serverId() == reference.serverId()) {
            return client.outgoing(reference, ProxyReference.BORROWED, 0);
        }
        return client.outgoing(reference, ProxyReference.TRANSIT, client.transit(reference.objectId()));
    }

    @Override
    public String toString() {
        return "ProxyHandler[" + describe() + "]";
    }
}
