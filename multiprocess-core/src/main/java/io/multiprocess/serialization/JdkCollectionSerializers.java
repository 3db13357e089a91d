package io.multiprocess.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * Serializers for the JDK collections that Kryo cannot rebuild field by field on Java 17+: the
 * {@code Collections.unmodifiable*} and {@code synchronized*} wrappers, views such as
 * {@code map.keySet()} or {@code list.subList()}, {@code Map.entry}, {@code Stream.toList()} lists
 * holding nulls, and {@code EnumMap}.
 *
 * <p>They write the elements and rebuild an equal collection of a standard class (a wrapper around an
 * {@link ArrayList}, {@link LinkedHashSet}, {@link LinkedHashMap}, or a {@link TreeSet}/{@link TreeMap}
 * with the same comparator), preserving iteration order, sortedness, and unmodifiability or
 * synchronization. A view arrives as a copy: it no longer writes through to its backing collection,
 * which stayed in the sending process anyway.
 */
final class JdkCollectionSerializers {

    private JdkCollectionSerializers() {}

    /**
     * Our serializer for a JDK class recognised by name, or null: the wrappers, the entries, the
     * immutable lists and {@code EnumMap}. Asked before Kryo looks at the class, because Kryo's own
     * choice may already fail on it.
     *
     * @param type a JDK class
     * @return our serializer, or null to let Kryo choose
     */
    static @Nullable Serializer<?> forJdkClass(Class<?> type) {
        String name = type.getName();
        if (name.startsWith("java.util.Collections$Unmodifiable")) {
            return wrapperSerializer(type, Wrap.UNMODIFIABLE);
        }
        if (name.startsWith("java.util.Collections$Synchronized")) {
            return wrapperSerializer(type, Wrap.SYNCHRONIZED);
        }
        if (name.equals("java.util.KeyValueHolder")) {
            return new EntrySerializer(Map::entry);
        }
        if (type == AbstractMap.SimpleEntry.class) {
            return new EntrySerializer(AbstractMap.SimpleEntry::new);
        }
        if (type == AbstractMap.SimpleImmutableEntry.class) {
            return new EntrySerializer(AbstractMap.SimpleImmutableEntry::new);
        }
        if (name.startsWith("java.util.ImmutableCollections$List")) {
            return new ImmutableListSerializer();
        }
        if (EnumMap.class.isAssignableFrom(type)) {
            return new EnumMapSerializer();
        }
        return null;
    }

    /**
     * Whether a serializer is one of these: whatever JDK class the bytes name, it creates only a standard
     * collection, map or entry filled with the elements (each checked on its own), so a deserialization
     * policy need not know the JDK's view and wrapper classes by name.
     */
    static boolean rebuildsStandardForm(@Nullable Serializer<?> serializer) {
        return serializer != null && serializer.getClass().getEnclosingClass() == JdkCollectionSerializers.class;
    }

    /**
     * True when Kryo chose its generic collection or map serializer for a JDK class it cannot create
     * and fill, such as a view ({@code map.keySet()}, {@code list.subList()}).
     */
    static boolean needsCopying(Class<?> type, Serializer<?> kryoChoice) {
        boolean generic =
                kryoChoice.getClass() == CollectionSerializer.class || kryoChoice.getClass() == MapSerializer.class;
        return generic && !canBeRebuilt(type);
    }

    /** A serializer that sends the elements and rebuilds a standard collection of the same shape. */
    static Serializer<?> copying(Class<?> type) {
        return wrapperSerializer(type, Wrap.NONE);
    }

    /** True when Kryo can create the class with a public no-argument constructor and fill it. */
    private static boolean canBeRebuilt(Class<?> type) {
        if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
            return false;
        }
        for (Constructor<?> constructor : type.getConstructors()) {
            if (constructor.getParameterCount() == 0) {
                return true;
            }
        }
        return false;
    }

    private enum Wrap {
        NONE,
        UNMODIFIABLE,
        SYNCHRONIZED
    }

    private enum Shape {
        COLLECTION,
        LIST,
        SET,
        SORTED_SET,
        MAP,
        SORTED_MAP
    }

    private static Serializer<?> wrapperSerializer(Class<?> type, Wrap wrap) {
        Shape shape;
        if (SortedMap.class.isAssignableFrom(type)) {
            shape = Shape.SORTED_MAP;
        } else if (Map.class.isAssignableFrom(type)) {
            shape = Shape.MAP;
        } else if (SortedSet.class.isAssignableFrom(type)) {
            shape = Shape.SORTED_SET;
        } else if (Set.class.isAssignableFrom(type)) {
            shape = Shape.SET;
        } else if (List.class.isAssignableFrom(type)) {
            shape = Shape.LIST;
        } else {
            shape = Shape.COLLECTION;
        }
        boolean navigable = NavigableMap.class.isAssignableFrom(type) || NavigableSet.class.isAssignableFrom(type);
        return shape == Shape.MAP || shape == Shape.SORTED_MAP
                ? new CopyingMapSerializer(shape, wrap, navigable)
                : new CopyingCollectionSerializer(shape, wrap, navigable);
    }

    /**
     * The elements of a collection, read under the wrapper's lock when it is a synchronized one (its
     * lock is the wrapper itself), as {@code Collections.synchronized*} asks of iteration.
     */
    private static Object[] snapshot(Collection<?> collection, Object lock) {
        if (lock == null) {
            return collection.toArray();
        }
        synchronized (lock) {
            return collection.toArray();
        }
    }

    /** Writes the elements of a collection; reads them into a standard collection of the same shape. */
    private static final class CopyingCollectionSerializer extends Serializer<Collection<Object>> {

        private final Shape shape;
        private final Wrap wrap;
        private final boolean navigable;

        CopyingCollectionSerializer(Shape shape, Wrap wrap, boolean navigable) {
            this.shape = shape;
            this.wrap = wrap;
            this.navigable = navigable;
        }

        @Override
        public void write(Kryo kryo, Output output, Collection<Object> collection) {
            Object[] elements = snapshot(collection, wrap == Wrap.SYNCHRONIZED ? collection : null);
            if (shape == Shape.SORTED_SET) {
                kryo.writeClassAndObject(output, ((SortedSet<?>) collection).comparator());
            }
            output.writeVarInt(elements.length, true);
            for (Object element : elements) {
                kryo.writeClassAndObject(output, element);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public Collection<Object> read(Kryo kryo, Input input, Class<? extends Collection<Object>> type) {
            Collection<Object> target = switch (shape) {
                case SORTED_SET -> new TreeSet<>((Comparator<Object>) kryo.readClassAndObject(input));
                case SET -> new LinkedHashSet<>();
                default -> new ArrayList<>();
            };
            int size = input.readVarInt(true);
            for (int i = 0; i < size; i++) {
                target.add(kryo.readClassAndObject(input));
            }
            return switch (wrap) {
                case NONE -> target;
                case UNMODIFIABLE ->
                    switch (shape) {
                        case SORTED_SET ->
                            navigable
                                    ? Collections.unmodifiableNavigableSet((NavigableSet<Object>) target)
                                    : Collections.unmodifiableSortedSet((SortedSet<Object>) target);
                        case SET -> Collections.unmodifiableSet((Set<Object>) target);
                        case LIST -> Collections.unmodifiableList((List<Object>) target);
                        default -> Collections.unmodifiableCollection(target);
                    };
                case SYNCHRONIZED ->
                    switch (shape) {
                        case SORTED_SET ->
                            navigable
                                    ? Collections.synchronizedNavigableSet((NavigableSet<Object>) target)
                                    : Collections.synchronizedSortedSet((SortedSet<Object>) target);
                        case SET -> Collections.synchronizedSet((Set<Object>) target);
                        case LIST -> Collections.synchronizedList((List<Object>) target);
                        default -> Collections.synchronizedCollection(target);
                    };
            };
        }
    }

    /** Writes the entries of a map; reads them into a {@link LinkedHashMap} or {@link TreeMap}. */
    private static final class CopyingMapSerializer extends Serializer<Map<Object, Object>> {

        private final Shape shape;
        private final Wrap wrap;
        private final boolean navigable;

        CopyingMapSerializer(Shape shape, Wrap wrap, boolean navigable) {
            this.shape = shape;
            this.wrap = wrap;
            this.navigable = navigable;
        }

        @Override
        public void write(Kryo kryo, Output output, Map<Object, Object> map) {
            Object[] entries = snapshot(map.entrySet(), wrap == Wrap.SYNCHRONIZED ? map : null);
            if (shape == Shape.SORTED_MAP) {
                kryo.writeClassAndObject(output, ((SortedMap<?, ?>) map).comparator());
            }
            output.writeVarInt(entries.length, true);
            for (Object entry : entries) {
                Map.Entry<?, ?> e = (Map.Entry<?, ?>) entry;
                kryo.writeClassAndObject(output, e.getKey());
                kryo.writeClassAndObject(output, e.getValue());
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map<Object, Object> read(Kryo kryo, Input input, Class<? extends Map<Object, Object>> type) {
            Map<Object, Object> target = shape == Shape.SORTED_MAP
                    ? new TreeMap<>((Comparator<Object>) kryo.readClassAndObject(input))
                    : new LinkedHashMap<>();
            int size = input.readVarInt(true);
            for (int i = 0; i < size; i++) {
                target.put(kryo.readClassAndObject(input), kryo.readClassAndObject(input));
            }
            boolean sorted = shape == Shape.SORTED_MAP;
            return switch (wrap) {
                case NONE -> target;
                case UNMODIFIABLE ->
                    !sorted
                            ? Collections.unmodifiableMap(target)
                            : navigable
                                    ? Collections.unmodifiableNavigableMap((NavigableMap<Object, Object>) target)
                                    : Collections.unmodifiableSortedMap((SortedMap<Object, Object>) target);
                case SYNCHRONIZED ->
                    !sorted
                            ? Collections.synchronizedMap(target)
                            : navigable
                                    ? Collections.synchronizedNavigableMap((NavigableMap<Object, Object>) target)
                                    : Collections.synchronizedSortedMap((SortedMap<Object, Object>) target);
            };
        }
    }

    /** {@code Map.entry} and the {@code AbstractMap} entries. */
    private static final class EntrySerializer extends Serializer<Map.Entry<Object, Object>> {

        private final BiFunction<Object, Object, Map.Entry<Object, Object>> factory;

        EntrySerializer(BiFunction<Object, Object, Map.Entry<Object, Object>> factory) {
            this.factory = factory;
        }

        @Override
        public void write(Kryo kryo, Output output, Map.Entry<Object, Object> entry) {
            kryo.writeClassAndObject(output, entry.getKey());
            kryo.writeClassAndObject(output, entry.getValue());
        }

        @Override
        public Map.Entry<Object, Object> read(Kryo kryo, Input input, Class<? extends Map.Entry<Object, Object>> type) {
            return factory.apply(kryo.readClassAndObject(input), kryo.readClassAndObject(input));
        }
    }

    /**
     * {@code List.of(...)} and {@code Stream.toList()}: the latter may hold nulls, which
     * {@code List.of} refuses, so such a list is rebuilt through {@code Stream.toList()} again.
     */
    private static final class ImmutableListSerializer extends Serializer<List<Object>> {

        ImmutableListSerializer() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, List<Object> list) {
            output.writeVarInt(list.size(), true);
            for (Object element : list) {
                kryo.writeClassAndObject(output, element);
            }
        }

        @Override
        public List<Object> read(Kryo kryo, Input input, Class<? extends List<Object>> type) {
            Object[] elements = new Object[input.readVarInt(true)];
            boolean nulls = false;
            for (int i = 0; i < elements.length; i++) {
                elements[i] = kryo.readClassAndObject(input);
                nulls |= elements[i] == null;
            }
            return nulls ? Arrays.stream(elements).toList() : List.of(elements);
        }
    }

    /** {@link EnumMap}: its key type is private state, so it is taken from the keys (or sent when empty). */
    private static final class EnumMapSerializer extends Serializer<EnumMap<?, Object>> {

        @Override
        public void write(Kryo kryo, Output output, EnumMap<?, Object> map) {
            Class<?> keyType =
                    map.isEmpty() ? null : map.keySet().iterator().next().getDeclaringClass();
            output.writeVarInt(map.size(), true);
            if (keyType == null) {
                // An empty EnumMap keeps its key type only in private state; JDK serialization reaches it.
                kryo.writeObject(output, map, new JavaSerializer());
                return;
            }
            kryo.writeClass(output, keyType);
            for (Map.Entry<? extends Enum<?>, Object> entry : map.entrySet()) {
                output.writeVarInt(entry.getKey().ordinal(), true);
                kryo.writeClassAndObject(output, entry.getValue());
            }
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public EnumMap<?, Object> read(Kryo kryo, Input input, Class<? extends EnumMap<?, Object>> type) {
            int size = input.readVarInt(true);
            if (size == 0) {
                return kryo.readObject(input, EnumMap.class, new JavaSerializer());
            }
            Class keyType = kryo.readClass(input).getType();
            Object[] constants = Objects.requireNonNull(keyType.getEnumConstants(), "enum constants");
            EnumMap map = new EnumMap(keyType);
            for (int i = 0; i < size; i++) {
                map.put((Enum) constants[input.readVarInt(true)], kryo.readClassAndObject(input));
            }
            return map;
        }
    }
}
