package io.multiprocess.managers;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Builds proxies: a {@link Proxy} implementing the reference's interfaces (those this process can load)
 * and {@link BaseProxy}, over a {@link ProxyHandler}.
 */
final class ProxyFactory {

    private static final ConcurrentHashMap<String, Class<?>> INTERFACES = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<List<Class<?>>, ClassLoader> LOADERS = new ConcurrentHashMap<>();

    private ProxyFactory() {}

    static Object create(ManagerClient client, ProxyReference reference, @Nullable Object keepAlive) {
        ProxyHandler handler = new ProxyHandler(client, reference, keepAlive);
        Object proxy;
        List<Class<?>> interfaces = interfaces(reference.interfaces());
        try {
            ClassLoader loader = LOADERS.computeIfAbsent(interfaces, ProxyFactory::loader);
            proxy = Proxy.newProxyInstance(loader, interfaces.toArray(Class<?>[]::new), handler);
        } catch (IllegalArgumentException conflicting) {
            // Interfaces that cannot be combined (same method, different return types): the generic proxy only.
            proxy = Proxy.newProxyInstance(BaseProxy.class.getClassLoader(), new Class<?>[] {BaseProxy.class}, handler);
        }
        handler.watch(proxy);
        return proxy;
    }

    private static List<Class<?>> interfaces(String[] names) {
        Set<Class<?>> found = new LinkedHashSet<>();
        for (String name : names) {
            Class<?> type = load(name);
            if (type != null && type.isInterface()) {
                found.add(type);
            }
        }
        found.add(BaseProxy.class);
        return List.copyOf(new ArrayList<>(found));
    }

    /** An interface by name; null when this process cannot load it (the proxy then lacks it). */
    private static @Nullable Class<?> load(String name) {
        Class<?> cached = INTERFACES.get(name);
        if (cached != null) {
            return cached;
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        for (ClassLoader loader : new ClassLoader[] {context, BaseProxy.class.getClassLoader()}) {
            if (loader == null) {
                continue;
            }
            try {
                Class<?> type = Class.forName(name, false, loader);
                INTERFACES.put(name, type);
                return type;
            } catch (ClassNotFoundException | LinkageError e) {
                // try the next loader
            }
        }
        return null;
    }

    /** A loader that sees every interface: the first one whose loader sees {@link BaseProxy} too. */
    private static ClassLoader loader(List<Class<?>> interfaces) {
        for (Class<?> type : interfaces) {
            ClassLoader loader = type.getClassLoader();
            if (loader != null && sees(loader, interfaces)) {
                return loader;
            }
        }
        return BaseProxy.class.getClassLoader();
    }

    private static boolean sees(ClassLoader loader, List<Class<?>> interfaces) {
        for (Class<?> type : interfaces) {
            try {
                if (Class.forName(type.getName(), false, loader) != type) {
                    return false;
                }
            } catch (ClassNotFoundException e) {
                return false;
            }
        }
        return true;
    }
}
