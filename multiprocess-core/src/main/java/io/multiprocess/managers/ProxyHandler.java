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
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The invocation handler behind every proxy: forwards interface calls to the server, answers
 * {@link BaseProxy}'s and {@code Object}'s methods itself, and defines how the proxy travels.
 *
 * <p>Which calls stay in this process: {@code equals} and {@code hashCode} (two proxies are equal when
 * they refer to the same served object; a proxy that is a {@link List} or a {@link Map} also follows that
 * interface's contract, comparing a copy of the served contents read in one call, except in a server's
 * own threads or once released), the methods of {@link BaseProxy}, default methods declared by
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

    private static final Set<String> LOCAL_DEFAULTS =
            Set.of("forEach", "forEachRemaining", "spliterator", "stream", "parallelStream");

    private static final ConcurrentHashMap<Method, String> DESCRIPTORS = new ConcurrentHashMap<>();

    private final transient ManagerClient client;
    private final transient ProxyReference reference;
    /** Keeps the manager that created this proxy alive as long as the proxy (its finalizer shuts the server down). */
    private final transient @Nullable Object keepAlive;

    private transient volatile @Nullable Finalize cleanup;
    private transient volatile boolean released;

    ProxyHandler(ManagerClient client, ProxyReference reference, @Nullable Object keepAlive) {
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
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object @Nullable [] args) throws Throwable {
        Class<?> declaring = method.getDeclaringClass();
        if (declaring == Object.class) {
            return objectMethod(proxy, method, args);
        }
        if (declaring == BaseProxy.class) {
            return proxyMethod(method, args);
        }
        if (method.isDefault()
                && (declaring.getPackage() == BaseProxy.class.getPackage()
                        || LOCAL_DEFAULTS.contains(method.getName()))) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        checkNotReleased();
        try {
            return client.call(
                    reference.objectId(),
                    DESCRIPTORS.computeIfAbsent(method, MethodResolver::descriptor),
                    collectionArgumentsCopied(method, args),
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
            throw new RemoteCallException(
                    "The served " + reference.typeId() + " threw "
                            + checked.getClass().getName() + ", a checked exception that " + method
                            + " does not declare",
                    checked);
        }
    }

    /**
     * Where the method takes a collection or a map ({@code list.addAll(c)}, {@code list.containsAll(list)},
     * {@code dict.putAll(m)}), the argument travels as a plain copy of its contents (an {@link ArrayList},
     * {@link LinkedHashSet} or {@link LinkedHashMap}, read in one call when it is a proxy): the server can
     * read any caller's collection class, and never reads a proxy of an object it is already working on
     * under its lock (a proxy of itself would wait for ever). Where the parameter is any object
     * ({@code list.add(proxy)}, {@code dict.put(k, proxy)}) a proxy travels as a proxy and stays shared.
     */
    private static @Nullable Object @Nullable [] collectionArgumentsCopied(
            Method method, @Nullable Object @Nullable [] args) {
        if (args == null) {
            return null;
        }
        Class<?>[] parameters = method.getParameterTypes();
        Object[] sent = args;
        for (int i = 0; i < args.length && i < parameters.length; i++) {
            Object copy = plainCopy(parameters[i], args[i]);
            if (copy != null) {
                if (sent == args) {
                    sent = args.clone();
                }
                sent[i] = copy;
            }
        }
        return sent;
    }

    /** The plain copy of a collection or map argument, or null to send it as it is. */
    private static @Nullable Object plainCopy(Class<?> parameter, @Nullable Object arg) {
        boolean collection = Collection.class.isAssignableFrom(parameter);
        if (parameter == Object.class || !collection && !Map.class.isAssignableFrom(parameter) || arg == null) {
            return null;
        }
        ProxyHandler handler = handlerOf(arg);
        Object contents = arg;
        if (handler != null) {
            contents = handler.contents(arg);
            if (contents == null) {
                return null;
            }
        }
        Object copy = contents instanceof Collection<?> elements && collection
                ? Set.class.isAssignableFrom(parameter) ? new LinkedHashSet<>(elements) : new ArrayList<>(elements)
                : contents instanceof Map<?, ?> map && !collection ? new LinkedHashMap<>(map) : null;
        return copy != null && parameter.isInstance(copy) ? copy : null;
    }

    private static boolean declares(Method method, Class<?> exception) {
        for (Class<?> declared : method.getExceptionTypes()) {
            if (declared.isAssignableFrom(exception)) {
                return true;
            }
        }
        return false;
    }

    private @Nullable Object objectMethod(Object proxy, Method method, @Nullable Object @Nullable [] args)
            throws Throwable {
        switch (method.getName()) {
            case "equals":
                return proxyEquals(proxy, args[0]);
            case "hashCode": {
                Object contents = contents(proxy);
                return contents != null
                        ? contents.hashCode()
                        : Long.hashCode(reference.serverId() * 31 + reference.objectId());
            }
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

    private static @Nullable ProxyHandler handlerOf(@Nullable Object object) {
        return object != null
                        && Proxy.isProxyClass(object.getClass())
                        && Proxy.getInvocationHandler(object) instanceof ProxyHandler handler
                ? handler
                : null;
    }

    /** Same served object; otherwise, for List and Map proxies, equal contents as the interface defines. */
    private boolean proxyEquals(Object proxy, @Nullable Object other) {
        ProxyHandler otherHandler = handlerOf(other);
        if (otherHandler != null
                && otherHandler.reference.serverId() == reference.serverId()
                && otherHandler.reference.objectId() == reference.objectId()) {
            return true;
        }
        boolean comparable = proxy instanceof List<?>
                ? other instanceof List<?>
                : proxy instanceof Map<?, ?> && other instanceof Map<?, ?>;
        if (!comparable) {
            return false;
        }
        Object mine = contents(proxy);
        if (mine == null) {
            return false;
        }
        Object theirs = otherHandler != null ? otherHandler.contents(other) : other;
        return theirs != null && mine.equals(theirs);
    }

    /**
     * A copy of the served contents of a List or Map proxy, as an ArrayList or a LinkedHashMap, read in
     * one call; null for other proxies, once released, and in the server's own threads (identity applies).
     */
    private @Nullable Object contents(Object proxy) {
        boolean list = proxy instanceof List<?>;
        if (!list && !(proxy instanceof Map<?, ?>) || released || ServingContext.serving()) {
            return null;
        }
        Object copy = rethrowUnchecked(() -> client.call(reference.objectId(), Protocol.COPY, null, keepAlive));
        if (list) {
            return copy instanceof List<?> copied ? copied : new ArrayList<>((Collection<?>) copy);
        }
        return copy;
    }

    private @Nullable Object proxyMethod(Method method, @Nullable Object @Nullable [] args) throws Throwable {
        switch (method.getName()) {
            case "callMethod": {
                checkNotReleased();
                Object[] callArgs = args[1] == null ? new Object[0] : (Object[]) args[1];
                return rethrowUnchecked(() -> client.call(
                        reference.objectId(),
                        MethodResolver.byName((String) args[0], callArgs.length),
                        callArgs,
                        keepAlive));
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
        @Nullable
        Object run() throws Throwable;
    }

    private @Nullable Object rethrowUnchecked(RemoteCall call) {
        try {
            return call.run();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable checked) {
            throw new RemoteCallException(
                    "The served " + reference.typeId() + " threw a checked exception: " + checked, checked);
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
            throw new ProcessStateException("This proxy of " + describe()
                    + " was released (releaseProxy()); use another " + "proxy of the object");
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
