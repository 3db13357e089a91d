package io.multiprocess.managers;

import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A proxy of a namespace served by a {@link SyncManager}: named attributes shared between processes.
 * Python's {@code NamespaceProxy} ({@code manager.Namespace()}), whose {@code ns.x = 1} and {@code ns.x}
 * are {@link #set(String, Object) set("x", 1)} and {@link #get(String) get("x")} here.
 */
public interface NamespaceProxy extends BaseProxy {

    /**
     * An attribute's value. Python's {@code ns.name}.
     *
     * @param name the attribute
     * @param <T>  the expected type
     * @return its value (a copy, or a proxy if a proxy was stored)
     * @throws java.util.NoSuchElementException if the namespace has no such attribute (Python's
     *     {@code AttributeError})
     */
    <T extends @Nullable Object> T get(String name);

    /**
     * An attribute's value, or a default when it is not set.
     *
     * @param name         the attribute
     * @param defaultValue returned when absent
     * @param <T>          the expected type
     * @return the value or the default
     */
    <T extends @Nullable Object> T get(String name, T defaultValue);

    /**
     * Sets an attribute. Python's {@code ns.name = value}.
     *
     * @param name  the attribute
     * @param value its value, serialized (a proxy stays a reference to its object)
     */
    void set(String name, @Nullable Object value);

    /**
     * Removes an attribute. Python's {@code del ns.name}.
     *
     * @param name the attribute
     * @throws java.util.NoSuchElementException if it is not set
     */
    void delete(String name);

    /**
     * Whether an attribute is set. Python's {@code hasattr(ns, name)}.
     *
     * @param name the attribute
     * @return true if set
     */
    boolean has(String name);

    /**
     * The names of the attributes set, in the order they were first set.
     *
     * @return a copy of the names
     */
    Set<String> names();

    /**
     * All attributes, copied. Python's {@code vars(ns)}.
     *
     * @return a copy, in insertion order
     */
    Map<String, @Nullable Object> toMap();
}
