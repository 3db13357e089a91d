package io.multiprocess.managers.server;

import io.multiprocess.function.SerializableFunction;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A registered type: what {@link io.multiprocess.managers.BaseManager#register} records, and what travels to a manager's server
 * process. Python's registry entry {@code (callable, exposed, method_to_typeid, proxytype)}.
 *
 * @param typeId         the name clients create it by
 * @param factory        creates a served object from the create call's arguments; null on a client that
 *                       only declares the proxy type
 * @param proxyType      the interface proxies implement; null for every public interface of the served
 *                       object's class (Python's AutoProxy)
 * @param exposed        the method names clients may call; null for every public method of the served
 *                       object's class except those of {@code Object}
 * @param methodToTypeId methods whose results are served as objects of another type id (and reach the
 *                       caller as proxies), by method name
 * @param createMethod   whether clients may create it directly (false for types that only methods return)
 * @param closeOnRelease whether the server closes the served object (an {@link AutoCloseable}) once no
 *                       proxy refers to it, and when it stops
 */
public record TypeSpec(
        String typeId,
        @Nullable SerializableFunction<Object[], ?> factory,
        @Nullable Class<?> proxyType,
        @Nullable List<String> exposed,
        Map<String, String> methodToTypeId,
        boolean createMethod,
        boolean closeOnRelease)
        implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the entry, copying the list and the map.
     *
     * @param typeId         the name clients create it by
     * @param factory        creates a served object; null on a client that only declares the proxy type
     * @param proxyType      the interface proxies implement; null for every public interface
     * @param exposed        the method names clients may call; null for every public method
     * @param methodToTypeId methods whose results are served as objects of another type id
     * @param createMethod   whether clients may create it directly
     * @param closeOnRelease whether the server closes the served object once no proxy refers to it
     */
    public TypeSpec(
            String typeId,
            @Nullable SerializableFunction<Object[], ?> factory,
            @Nullable Class<?> proxyType,
            @Nullable List<String> exposed,
            @Nullable Map<String, String> methodToTypeId,
            boolean createMethod,
            boolean closeOnRelease) {
        this.typeId = typeId;
        this.factory = factory;
        this.proxyType = proxyType;
        this.exposed = exposed == null ? null : List.copyOf(exposed);
        this.methodToTypeId = methodToTypeId == null ? Map.of() : Map.copyOf(methodToTypeId);
        this.createMethod = createMethod;
        this.closeOnRelease = closeOnRelease;
    }

    /** The exposed names as a set, or null for the default. */
    @Nullable
    Set<String> exposedSet() {
        return exposed == null ? null : Set.copyOf(exposed);
    }
}
