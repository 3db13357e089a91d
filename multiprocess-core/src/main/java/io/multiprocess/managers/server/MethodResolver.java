package io.multiprocess.managers.server;

import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Finds the method a call names, on the served object's class. Calls name methods by descriptor:
 * {@code name(java.lang.Object,int)} for a proxy interface's method (exact parameter types, so
 * overloads such as {@code List.remove(int)} and {@code remove(Object)} stay apart), or
 * {@code name/2} for {@link io.multiprocess.managers.BaseProxy#callMethod} (chosen by the arguments' runtime types).
 *
 * <p>The method found is one that can be invoked from here: a public method declared by a class that
 * is not public (a JDK collection's inner class, say) is invoked through the public interface or
 * superclass that declares it.
 */
public final class MethodResolver {

    private static final Map<String, Class<?>> PRIMITIVES = Map.of(
            "int",
            int.class,
            "long",
            long.class,
            "boolean",
            boolean.class,
            "double",
            double.class,
            "float",
            float.class,
            "short",
            short.class,
            "byte",
            byte.class,
            "char",
            char.class,
            "void",
            void.class);

    private static final Set<String> OBJECT_METHODS =
            Set.of("equals", "hashCode", "toString", "getClass", "notify", "notifyAll", "wait");

    private static final ClassValue<ConcurrentHashMap<String, Method>> RESOLVED = new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<String, Method> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private static final ClassValue<Set<String>> PUBLIC_NAMES = new ClassValue<>() {
        @Override
        protected Set<String> computeValue(Class<?> type) {
            Set<String> names = new LinkedHashSet<>();
            for (Method method : type.getMethods()) {
                if (method.getDeclaringClass() != Object.class
                        && !OBJECT_METHODS.contains(method.getName())
                        && !Modifier.isStatic(method.getModifiers())) {
                    names.add(method.getName());
                }
            }
            return Set.copyOf(names);
        }
    };

    private static final ClassValue<String[]> INTERFACES = new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
            Set<Class<?>> all = new LinkedHashSet<>();
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Class<?> i : c.getInterfaces()) {
                    if (Modifier.isPublic(i.getModifiers())) {
                        all.add(i);
                    }
                }
            }
            // Keep the most specific: drop an interface another one in the set extends.
            List<String> kept = new ArrayList<>();
            for (Class<?> i : all) {
                if (all.stream().noneMatch(other -> other != i && i.isAssignableFrom(other))) {
                    kept.add(i.getName());
                }
            }
            return kept.toArray(String[]::new);
        }
    };

    private static final ConcurrentHashMap<String, Class<?>[]> PARAMETERS = new ConcurrentHashMap<>();

    private MethodResolver() {}

    /**
     * The descriptor of an interface method, as proxies send it.
     *
     * @param method the method
     * @return its name and parameter types
     */
    public static String descriptor(Method method) {
        StringBuilder text = new StringBuilder(method.getName()).append('(');
        Class<?>[] parameters = method.getParameterTypes();
        for (int i = 0; i < parameters.length; i++) {
            text.append(i == 0 ? "" : ",").append(parameters[i].getName());
        }
        return text.append(')').toString();
    }

    /**
     * The descriptor of a call by name, resolved on the server by the arguments' types.
     *
     * @param name          the method's name
     * @param argumentCount how many arguments the call passes
     * @return the descriptor
     */
    public static String byName(String name, int argumentCount) {
        return name + "/" + argumentCount;
    }

    /** The name part of a descriptor. */
    static String nameOf(String descriptor) {
        int end = descriptor.indexOf('(');
        if (end < 0) {
            end = descriptor.indexOf('/');
        }
        return end < 0 ? descriptor : descriptor.substring(0, end);
    }

    /** Public instance methods of a class except {@code Object}'s: the default exposed names. */
    static Set<String> publicMethodNames(Class<?> type) {
        return PUBLIC_NAMES.get(type);
    }

    /** The public interfaces a class implements, most specific first: an AutoProxy's interfaces. */
    static String[] publicInterfaces(Class<?> type) {
        return INTERFACES.get(type).clone();
    }

    static Method resolve(Class<?> type, String descriptor, @Nullable Object[] args) {
        ConcurrentHashMap<String, Method> cache = RESOLVED.get(type);
        Method method = cache.get(descriptor);
        if (method != null) {
            return method;
        }
        boolean byName = descriptor.indexOf('(') < 0;
        if (byName) {
            int slash = descriptor.lastIndexOf('/');
            List<Method> candidates =
                    candidates(type, descriptor.substring(0, slash), Integer.parseInt(descriptor.substring(slash + 1)));
            if (candidates.size() == 1) {
                method = invocable(type, candidates.get(0));
                cache.put(descriptor, method);
                return method;
            }
            return invocable(type, choose(type, descriptor, candidates, args));
        }
        String name = nameOf(descriptor);
        Class<?>[] parameters = parameters(type, descriptor);
        try {
            method = invocable(type, type.getMethod(name, parameters));
        } catch (NoSuchMethodException e) {
            // The proxy's interface and the served class disagree: fall back to the name and the arguments.
            List<Method> candidates = candidates(type, name, parameters.length);
            if (candidates.isEmpty()) {
                throw new CallRefusedException("The served " + type.getName() + " has no public method " + descriptor
                        + "; the proxy's interface declares a method its server's object does not have");
            }
            return invocable(type, choose(type, descriptor, candidates, args));
        }
        cache.put(descriptor, method);
        return method;
    }

    private static List<Method> candidates(Class<?> type, String name, int count) {
        List<Method> found = new ArrayList<>();
        for (Method method : type.getMethods()) {
            if (method.getName().equals(name)
                    && method.getParameterCount() == count
                    && !Modifier.isStatic(method.getModifiers())
                    && found.stream()
                            .noneMatch(m -> Arrays.equals(m.getParameterTypes(), method.getParameterTypes()))) {
                found.add(method);
            }
        }
        return found;
    }

    private static Method choose(Class<?> type, String descriptor, List<Method> candidates, @Nullable Object[] args) {
        List<Method> applicable = new ArrayList<>();
        for (Method method : candidates) {
            if (applies(method.getParameterTypes(), args)) {
                applicable.add(method);
            }
        }
        if (applicable.isEmpty()) {
            throw new CallRefusedException("The served " + type.getName() + " has no public method " + descriptor
                    + " that takes arguments of types " + argumentTypes(args));
        }
        Method best = applicable.get(0);
        for (Method method : applicable) {
            if (moreSpecific(method, best)) {
                best = method;
            }
        }
        for (Method method : applicable) {
            if (method != best && !moreSpecific(best, method)) {
                throw new CallRefusedException("The call " + descriptor + " with arguments of types "
                        + argumentTypes(args) + " is ambiguous on " + type.getName() + ": " + best + " and " + method
                        + "; call it through an interface");
            }
        }
        return best;
    }

    private static boolean applies(Class<?>[] parameters, @Nullable Object[] args) {
        for (int i = 0; i < parameters.length; i++) {
            Class<?> parameter = parameters[i].isPrimitive() ? boxed(parameters[i]) : parameters[i];
            if (args[i] == null ? parameters[i].isPrimitive() : !parameter.isInstance(args[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean moreSpecific(Method a, Method b) {
        Class<?>[] pa = a.getParameterTypes();
        Class<?>[] pb = b.getParameterTypes();
        for (int i = 0; i < pa.length; i++) {
            if (!pb[i].isAssignableFrom(pa[i])) {
                return false;
            }
        }
        return true;
    }

    private static Class<?> boxed(Class<?> primitive) {
        return MethodType.methodType(primitive).wrap().returnType();
    }

    private static String argumentTypes(@Nullable Object[] args) {
        return Arrays.stream(args)
                .map(a -> a == null ? "null" : a.getClass().getName())
                .toList()
                .toString();
    }

    private static Class<?>[] parameters(Class<?> type, String descriptor) {
        return PARAMETERS
                .computeIfAbsent(descriptor, d -> {
                    String inside = d.substring(d.indexOf('(') + 1, d.length() - 1);
                    if (inside.isEmpty()) {
                        return new Class<?>[0];
                    }
                    String[] names = inside.split(",");
                    Class<?>[] classes = new Class<?>[names.length];
                    ClassLoader loader = type.getClassLoader() != null
                            ? type.getClassLoader()
                            : MethodResolver.class.getClassLoader();
                    for (int i = 0; i < names.length; i++) {
                        Class<?> primitive = PRIMITIVES.get(names[i]);
                        try {
                            classes[i] = primitive != null ? primitive : Class.forName(names[i], false, loader);
                        } catch (ClassNotFoundException e) {
                            throw new CallRefusedException("The manager's server cannot load " + names[i]
                                    + ", a parameter type of " + d + "; put it on the server's class path");
                        }
                    }
                    return classes;
                })
                .clone();
    }

    /** A declaration of the method that can be invoked from this module. */
    private static Method invocable(Class<?> type, Method method) {
        if (isAccessible(method.getDeclaringClass())) {
            return method;
        }
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Method found = publicDeclaration(c, method);
            if (found != null) {
                return found;
            }
        }
        if (method.trySetAccessible()) {
            return method;
        }
        throw new CallRefusedException(
                "The manager's server cannot invoke " + method + ": it is declared by a class this "
                        + "library cannot access; serve an object of a public class or expose it through a public interface");
    }

    private static @Nullable Method publicDeclaration(Class<?> type, Method method) {
        if (isAccessible(type)) {
            try {
                return type.getMethod(method.getName(), method.getParameterTypes());
            } catch (NoSuchMethodException e) {
                return null;
            }
        }
        for (Class<?> i : type.getInterfaces()) {
            Method found = publicDeclaration(i, method);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static boolean isAccessible(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                return false;
            }
        }
        return type.getModule().isExported(type.getPackageName());
    }
}
