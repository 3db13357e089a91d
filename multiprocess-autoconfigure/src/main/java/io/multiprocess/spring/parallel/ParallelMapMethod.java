package io.multiprocess.spring.parallel;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;

/**
 * What the interceptor knows about one {@link ParallelMap} method: where its items are, how a chunk is
 * made, how the chunks' results are joined, and the annotation's settings. Built (and checked) once per
 * method, when the bean is proxied, so that a method the annotation cannot serve fails the start-up.
 * Internal.
 */
final class ParallelMapMethod {

    /** How a chunk of items is made, from the items parameter's declared type. */
    enum ChunkShape {
        /** {@code List}, {@code Collection}, {@code Iterable}: an {@code ArrayList}. */
        LIST,
        /** {@code Set}: a {@code LinkedHashSet}. */
        SET,
        /** An array of the parameter's component type. */
        ARRAY
    }

    /** How the chunks' results are joined, from the return type. */
    enum ResultShape {
        /** Nothing is returned. */
        VOID,
        /** One {@code ArrayList} of every chunk's elements. */
        LIST,
        /** One array of the return type. */
        ARRAY
    }

    final Method method;
    final int itemsIndex;
    final ChunkShape chunkShape;
    final @Nullable Class<?> itemsComponent;
    final ResultShape resultShape;
    final @Nullable Class<?> resultComponent;
    final int chunksize;
    final boolean ordered;
    final @Nullable Duration timeout;
    final String poolName;

    private ParallelMapMethod(
            Method method,
            int itemsIndex,
            ChunkShape chunkShape,
            ResultShape resultShape,
            ParallelMap annotation,
            @Nullable Duration timeout) {
        this.method = method;
        this.itemsIndex = itemsIndex;
        this.chunkShape = chunkShape;
        this.itemsComponent =
                chunkShape == ChunkShape.ARRAY ? method.getParameterTypes()[itemsIndex].getComponentType() : null;
        this.resultShape = resultShape;
        this.resultComponent =
                resultShape == ResultShape.ARRAY ? method.getReturnType().getComponentType() : null;
        this.chunksize = annotation.chunksize();
        this.ordered = annotation.ordered();
        this.timeout = timeout;
        this.poolName = annotation.pool();
    }

    /**
     * Describes a method, checking that the annotation can serve it.
     *
     * @param method     the method, as declared by the bean's class
     * @param annotation its annotation
     * @param resolver   resolves placeholders in the timeout
     * @return the description
     * @throws IllegalStateException naming the method and what to change, if it cannot be served
     */
    static ParallelMapMethod of(Method method, ParallelMap annotation, UnaryOperator<String> resolver) {
        String name = describe(method);
        int modifiers = method.getModifiers();
        if (Modifier.isStatic(modifiers) || Modifier.isPrivate(modifiers) || Modifier.isFinal(modifiers)) {
            throw new IllegalStateException(name + " cannot be a @ParallelMap method: a "
                    + (Modifier.isStatic(modifiers) ? "static" : Modifier.isPrivate(modifiers) ? "private" : "final")
                    + " method is not called through "
                    + "Spring's proxy; make it an overridable instance method");
        }
        Class<?>[] types = method.getParameterTypes();
        int itemsIndex = -1;
        ChunkShape chunkShape = null;
        for (int i = 0; i < types.length && itemsIndex < 0; i++) {
            chunkShape = chunkShape(types[i]);
            if (chunkShape != null) {
                itemsIndex = i;
            }
        }
        if (itemsIndex < 0) {
            throw new IllegalStateException(name + " cannot be a @ParallelMap method: none of its parameters holds the "
                    + "items to split into chunks; declare one as a List, Collection, Iterable, Set or an array");
        }
        ResultShape resultShape = resultShape(method.getReturnType());
        if (resultShape == null) {
            throw new IllegalStateException(name + " cannot be a @ParallelMap method: it returns "
                    + method.getReturnType().getName()
                    + ", but the results of its chunks are joined into a List or an array; "
                    + "declare it to return a List, Collection, Iterable, an array, or void");
        }
        if (annotation.chunksize() < 0) {
            throw new IllegalStateException("@ParallelMap(chunksize = " + annotation.chunksize() + ") on " + name
                    + ": the chunk size must be at least 1, or 0 for the pool's default");
        }
        Duration timeout = null;
        String text = annotation.timeout().isBlank()
                ? ""
                : resolver.apply(annotation.timeout()).trim();
        if (!text.isEmpty()) {
            try {
                timeout = DurationStyle.detectAndParse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(
                        "@ParallelMap(timeout = \"" + annotation.timeout() + "\") on " + name + ": '" + text
                                + "' is not a duration; write e.g. \"30s\", \"PT2M\" or \"500\" (milliseconds)",
                        e);
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalStateException("@ParallelMap(timeout = \"" + annotation.timeout() + "\") on " + name
                        + ": the timeout must be positive; leave it empty for none");
            }
        }
        return new ParallelMapMethod(method, itemsIndex, chunkShape, resultShape, annotation, timeout);
    }

    private static @Nullable ChunkShape chunkShape(Class<?> type) {
        if (type.isArray()) {
            return ChunkShape.ARRAY;
        }
        if (type.isAssignableFrom(ArrayList.class)) {
            return Iterable.class.isAssignableFrom(type) ? ChunkShape.LIST : null;
        }
        if (type.isAssignableFrom(LinkedHashSet.class) && Iterable.class.isAssignableFrom(type)) {
            return ChunkShape.SET;
        }
        return null;
    }

    private static @Nullable ResultShape resultShape(Class<?> type) {
        if (type == void.class || type == Void.class) {
            return ResultShape.VOID;
        }
        if (type.isArray()) {
            return ResultShape.ARRAY;
        }
        if (type.isAssignableFrom(ArrayList.class) && Iterable.class.isAssignableFrom(type)) {
            return ResultShape.LIST;
        }
        return null;
    }

    /** The items of a call as a list, from an array or an Iterable. */
    List<Object> items(@Nullable Object items) {
        if (items == null) {
            throw new NullPointerException(
                    "The items argument (parameter " + itemsIndex + ") of " + describe(method) + " is null");
        }
        List<Object> all;
        if (items.getClass().isArray()) {
            int length = Array.getLength(items);
            all = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                all.add(Array.get(items, i));
            }
        } else if (items instanceof Collection<?> collection) {
            all = new ArrayList<>(collection);
        } else {
            all = new ArrayList<>();
            for (Object item : (Iterable<?>) items) {
                all.add(item);
            }
        }
        return all;
    }

    /** Splits the items into chunks of the parameter's type. */
    List<Object> chunks(List<Object> items, int size) {
        List<Object> chunks = new ArrayList<>((items.size() + size - 1) / size);
        for (int from = 0; from < items.size(); from += size) {
            List<Object> part = items.subList(from, Math.min(items.size(), from + size));
            chunks.add(
                    switch (chunkShape) {
                        case LIST -> new ArrayList<>(part);
                        case SET -> new LinkedHashSet<>(part);
                        case ARRAY -> {
                            Object array = Array.newInstance(itemsComponent, part.size());
                            for (int i = 0; i < part.size(); i++) {
                                Array.set(array, i, part.get(i));
                            }
                            yield array;
                        }
                    });
        }
        return chunks;
    }

    /** Joins the chunks' results, in the given order, into what the method returns. */
    @Nullable
    Object join(List<?> chunkResults) {
        switch (resultShape) {
            case VOID:
                return null;
            case LIST: {
                List<Object> joined = new ArrayList<>();
                for (Object result : chunkResults) {
                    if (result == null) {
                        throw new IllegalStateException(describe(method) + " returned null for a chunk; a @ParallelMap "
                                + "method returns a (possibly empty) list for each chunk");
                    }
                    for (Object element : (Iterable<?>) result) {
                        joined.add(element);
                    }
                }
                return joined;
            }
            default: {
                int length = 0;
                for (Object result : chunkResults) {
                    if (result == null) {
                        throw new IllegalStateException(describe(method) + " returned null for a chunk; a @ParallelMap "
                                + "method returns a (possibly empty) array for each chunk");
                    }
                    length += Array.getLength(result);
                }
                Object joined = Array.newInstance(resultComponent, length);
                int at = 0;
                for (Object result : chunkResults) {
                    int n = Array.getLength(result);
                    System.arraycopy(result, 0, joined, at, n);
                    at += n;
                }
                return joined;
            }
        }
    }

    /** What a call with no items returns. */
    @Nullable
    Object empty() {
        return join(List.of());
    }

    /** The method as messages name it: {@code Pricing.quote(List)}. */
    static String describe(Method method) {
        StringBuilder text = new StringBuilder(method.getDeclaringClass().getSimpleName())
                .append('.')
                .append(method.getName())
                .append('(');
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            text.append(i == 0 ? "" : ", ").append(types[i].getSimpleName());
        }
        return text.append(')').toString();
    }
}
