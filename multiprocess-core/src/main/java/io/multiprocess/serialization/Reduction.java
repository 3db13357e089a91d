package io.multiprocess.serialization;

import com.esotericsoftware.kryo.Kryo;
import io.multiprocess.SerializationException;
import io.multiprocess.function.SerializableFunction;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Custom serialization per class, and helpers that serialize with the default context's serializer.
 * Python's {@code multiprocessing.reduction}: {@code ForkingPickler.register(type, reduce)},
 * {@code dump}, {@code ForkingPickler.dumps} and {@code loads}.
 *
 * <h2>Registering a reduction</h2>
 * A reduction says how instances of a class travel: as a stand-in value made by one function, turned
 * back into an instance by another function in the receiving process.
 * <pre>{@code
 * // Money has no public constructor the serializer could use, or holds a cache that must not travel:
 * Reduction.register(Money.class, Money::toString, Money::parse);   // "12.50 EUR" on the wire
 *
 * ChildProcess p = ctx.process(() -> System.out.println(price.plus(tax)));  // price, tax: Money
 * p.start();   // both travel as strings and are parsed in the child
 * }</pre>
 *
 * <p>What a registration covers:
 * <ul>
 *   <li><b>Every channel:</b> both serializers ({@link KryoSerializer} and {@link JdkSerializer}) apply
 *       it wherever they meet an instance, at any depth of the value: process targets and their captured
 *       values, queue items, pipe messages, pool tasks and results, manager calls, exceptions' fields,
 *       and {@link #dumps}. (A {@link Serializer} of your own applies them only if it delegates to one of
 *       these two.)</li>
 *   <li><b>Every descendant process:</b> registrations travel with the context each child is started
 *       with, before the child reads its process object, so a child has the registrations its parent had
 *       when it started the child. A child's own registrations reach its own children in turn.
 *       Registrations made after a process was started do not reach it: register early, as Python
 *       programs do at import time. (A process that receives a serialized context by any other route
 *       also adds the registrations it carries for classes it has none for; its own win.)</li>
 *   <li><b>The exact class:</b> a subclass is not covered (register it too), as with Python's
 *       {@code copyreg}. An enum constant with a body counts as its enum.</li>
 *   <li><b>Priority:</b> a registration wins over everything else the serializers would do with the
 *       class: its own {@code writeReplace()}/{@code readResolve()} (with {@code JdkSerializer}, see
 *       below), Kryo's built-in choices, and the library's refusals. So a user's class that wraps a
 *       socket, which is refused by default, travels once a reduction says how (reopen it from an
 *       address, say). Classes without a registration keep every rule and refusal.</li>
 *   <li><b>Both ends:</b> the receiver applies its own registration for the class (its descendants
 *       inherit it; a separate program that {@link #loads} bytes must register the same reduction
 *       first). Bytes written with a reduction cannot be read where the class has no registration.</li>
 * </ul>
 *
 * <p>The functions must be serializable, since they travel to children: pass method references or
 * lambdas (they are, as {@link SerializableFunction}s), capturing only serializable values; this is
 * checked when registering. The stand-in may be any serializable value (it is serialized with the same
 * rules, and may hold instances of other registered classes), but not an instance of the registered
 * class itself, and it must not refer back to the object being reduced: shared references to the
 * reduced object elsewhere in the same value arrive as shared references to one rebuilt object.
 *
 * <p>With {@code JdkSerializer}: Java serialization calls a class's own {@code writeReplace()} before
 * anything else can look at the object, so for classes that declare one (including JDK classes such as
 * those of {@code java.time}), the registration applies to what {@code writeReplace()} returns instead.
 * Register such classes only with the default Kryo serializer, or register the replacement's class.
 *
 * <p>Thread-safe: registering while other threads serialize is allowed; a serialization that has
 * begun finishes with the registrations it started with.
 */
public final class Reduction {

    /** The largest value {@link #load(InputStream)} accepts, as the bootstrap frame does. */
    public static final int MAX_DUMP_LENGTH = 1 << 30;

    private Reduction() {}

    /**
     * Registers how instances of {@code type} travel: as {@code reduce(instance)}, rebuilt in the
     * receiving process with {@code rebuild(standIn)}. Replaces an earlier registration for the class.
     * Python's {@code ForkingPickler.register(type, reduce)}.
     *
     * @param type    the exact class; not an interface, an abstract class, a primitive, a boxed primitive,
     *                {@code String} or {@code Class}, which the serializers write natively or never meet
     * @param reduce  turns an instance into its stand-in; if it throws, serialization fails with a
     *                {@link SerializationException} naming the instance and the path to it
     * @param rebuild turns the stand-in back into an instance, in the receiving process; if it throws,
     *                deserialization fails with a {@link SerializationException}
     * @param <T>     the class
     * @param <S>     the stand-in's type
     * @throws IllegalArgumentException for the classes listed above
     * @throws SerializationException   if the functions cannot be serialized (they capture a thread, a
     *                                  stream...), since they must travel to child processes
     */
    @SuppressWarnings("unchecked")
    public static <T, S> void register(
            Class<T> type,
            SerializableFunction<? super T, ? extends S> reduce,
            SerializableFunction<? super S, ? extends T> rebuild) {
        checkRegistrable(type);
        Objects.requireNonNull(reduce, "reduce");
        Objects.requireNonNull(rebuild, "rebuild");
        RegisteredReduction reduction = new RegisteredReduction.ByFunctions(
                type,
                (SerializableFunction<Object, Object>) (SerializableFunction<?, ?>) reduce,
                (SerializableFunction<Object, Object>) (SerializableFunction<?, ?>) rebuild);
        checkTravels(reduction);
        Reductions.put(reduction);
    }

    /**
     * Registers a Kryo serializer for instances of {@code type}, for full control over the bytes (power
     * users: compact binary forms, versioning). The class travels to children by name, so it needs a
     * public constructor Kryo can call: {@code (Kryo, Class)}, {@code (Kryo)}, {@code (Class)} or none.
     * With {@link JdkSerializer}, instances travel as the bytes this Kryo serializer writes. Replaces an
     * earlier registration for the class.
     *
     * @param type           the exact class, with the same restrictions as {@link #register}
     * @param kryoSerializer the Kryo serializer's class
     * @throws IllegalArgumentException for the classes {@link #register} refuses, or when Kryo cannot
     *                                  create the serializer
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public static void registerKryo(
            Class<?> type, Class<? extends com.esotericsoftware.kryo.Serializer> kryoSerializer) {
        checkRegistrable(type);
        Objects.requireNonNull(kryoSerializer, "kryoSerializer");
        RegisteredReduction.ByKryoSerializer reduction = new RegisteredReduction.ByKryoSerializer(
                type, (Class<? extends com.esotericsoftware.kryo.Serializer<?>>) (Class) kryoSerializer);
        try {
            reduction.kryoSerializer(new Kryo());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "Kryo cannot create a " + kryoSerializer.getName() + " for " + type.getName()
                            + ": give it a public constructor taking (Kryo, Class), (Kryo), (Class) or nothing ("
                            + e.getMessage() + ")",
                    e);
        }
        Reductions.put(reduction);
    }

    /**
     * Removes the registration for a class in this process; processes started afterwards do not get it.
     * Processes already started keep theirs.
     *
     * @param type the class
     * @return true if it had a registration
     */
    public static boolean unregister(Class<?> type) {
        return Reductions.remove(Objects.requireNonNull(type, "type"));
    }

    /**
     * Whether a class has a registration in this process.
     *
     * @param type the class
     * @return true if instances of exactly this class are reduced
     */
    public static boolean isRegistered(Class<?> type) {
        return Reductions.table().containsKey(type);
    }

    /**
     * The classes with a registration in this process, sorted by name.
     *
     * @return the classes, unmodifiable
     */
    public static Set<Class<?>> registeredTypes() {
        List<Class<?>> types = new ArrayList<>(Reductions.table().keySet());
        types.sort(Comparator.comparing(Class::getName));
        return Collections.unmodifiableSet(new LinkedHashSet<>(types));
    }

    /**
     * The registrations of this process as one serializable value: what children inherit. The library
     * sends it with every child's context; use it to hand registrations to processes that are not
     * descendants (then {@link #inherit} them there).
     *
     * @return an immutable copy of the current registrations
     */
    public static Registrations registrations() {
        return new Registrations(List.copyOf(Reductions.table().values()));
    }

    /**
     * Adds the registrations of another process for the classes that have none here; registrations made
     * here win. The library calls it when a child reads the context its parent sent.
     *
     * @param registrations registrations from {@link #registrations()}
     * @return how many registrations were added
     */
    public static int inherit(Registrations registrations) {
        return Reductions.putAbsent(Objects.requireNonNull(registrations, "registrations").reductions);
    }

    /**
     * Serializes a value with the default context's serializer. Python's {@code ForkingPickler.dumps}.
     *
     * @param value the value, may be null
     * @return the bytes, for {@link #loads}
     * @throws SerializationException if the value (or something it references) cannot be serialized
     */
    public static byte[] dumps(@Nullable Object value) {
        return Serializers.processDefault().serialize(value);
    }

    /**
     * Reads back a value written by {@link #dumps} (in this or another process with the same class path
     * and registrations). Python's {@code ForkingPickler.loads}.
     *
     * @param bytes the bytes, exactly
     * @return the value, possibly null
     * @throws SerializationException if the bytes are truncated, corrupt, were written by another
     *                                serializer, or name a class missing here
     */
    public static @Nullable Object loads(byte[] bytes) {
        return Serializers.processDefault().deserialize(Objects.requireNonNull(bytes, "bytes"));
    }

    /**
     * Writes a value to a stream with the default context's serializer, preceded by its length (4
     * bytes, big-endian), so that several values can follow each other and {@link #load} reads exactly
     * one. The stream is neither flushed nor closed. Python's {@code reduction.dump(obj, file)}.
     *
     * @param value the value, may be null
     * @param out   the stream
     * @throws SerializationException if the value cannot be serialized (nothing is written then) or the
     *                                stream fails
     */
    public static void dump(@Nullable Object value, OutputStream out) {
        Objects.requireNonNull(out, "out");
        byte[] bytes = dumps(value);
        try {
            out.write(new byte[] {
                (byte) (bytes.length >>> 24),
                (byte) (bytes.length >>> 16),
                (byte) (bytes.length >>> 8),
                (byte) bytes.length
            });
            out.write(bytes);
        } catch (IOException e) {
            throw new SerializationException("Could not write " + bytes.length + " serialized bytes: " + e, e);
        }
    }

    /**
     * Reads one value written by {@link #dump} from a stream, reading exactly its bytes; blocks until
     * they arrive.
     *
     * @param in the stream
     * @return the value, possibly null
     * @throws SerializationException if the stream is at its end before the value (the cause is then an
     *                                {@link EOFException}), ends inside it, fails, announces more than
     *                                {@value #MAX_DUMP_LENGTH} bytes, or holds bytes that cannot be read back
     */
    public static @Nullable Object load(InputStream in) {
        DataInputStream data = new DataInputStream(Objects.requireNonNull(in, "in"));
        int length;
        try {
            length = data.readInt();
        } catch (EOFException end) {
            throw new SerializationException("No value to load: the stream is at its end", end);
        } catch (IOException e) {
            throw new SerializationException("Could not read the length of a value: " + e, e);
        }
        if (length < 0 || length > MAX_DUMP_LENGTH) {
            throw new SerializationException(
                    "The stream announces a value of " + length + " bytes, outside 0.." + MAX_DUMP_LENGTH
                            + "; it was not written by Reduction.dump, or is corrupt",
                    null);
        }
        byte[] bytes = new byte[length];
        try {
            data.readFully(bytes);
        } catch (IOException e) {
            throw new SerializationException(
                    "The stream ended or failed inside a value of " + length + " bytes: " + e, e);
        }
        return loads(bytes);
    }

    private static void checkRegistrable(Class<?> type) {
        Objects.requireNonNull(type, "type");
        String refusal = null;
        if (type.isPrimitive()
                || type == String.class
                || type == Class.class
                || type == Void.class
                || type == Boolean.class
                || type == Character.class
                || Number.class.isAssignableFrom(type)
                        && UnserializableTypes.isJdkClass(type)
                        && type.getName().startsWith("java.lang.")) {
            refusal = "the serializers write it natively";
        } else if (type.isInterface()) {
            refusal = "it is an interface, and registrations apply to the exact class of an object; register each "
                    + "implementing class";
        } else if (Modifier.isAbstract(type.getModifiers()) && !type.isEnum() && !type.isArray()) {
            refusal =
                    "it is abstract, and registrations apply to the exact class of an object; register each concrete subclass";
        } else if (UnserializableTypes.isLambda(type)) {
            refusal = "it is the class of one lambda; lambdas are serialized through their serializable target type";
        } else if (!type.isEnum() && Enum.class.isAssignableFrom(type)) {
            refusal = "it is the class of one enum constant; register the enum "
                    + type.getSuperclass().getName();
        }
        if (refusal != null) {
            throw new IllegalArgumentException("Cannot register a reduction for " + type.getName() + ": " + refusal);
        }
    }

    private static void checkTravels(RegisteredReduction reduction) {
        try {
            Reductions.kryo().serialize(reduction);
        } catch (SerializationException e) {
            throw new SerializationException(
                    "The reduction for " + reduction.type().getName() + " cannot be sent to "
                            + "child processes, which need it too: " + e.getMessage(),
                    e.offendingClass().orElse(null),
                    e.path(),
                    e);
        }
    }

    /**
     * The registrations of one process, as a serializable value: what a child inherits from its parent.
     * Immutable.
     */
    public static final class Registrations implements Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        private final List<RegisteredReduction> reductions;

        private Registrations(List<RegisteredReduction> reductions) {
            this.reductions = reductions;
        }

        /**
         * The registered classes.
         *
         * @return the classes, unmodifiable
         */
        public Set<Class<?>> types() {
            Set<Class<?>> types = new LinkedHashSet<>();
            reductions.forEach(reduction -> types.add(reduction.type()));
            return Collections.unmodifiableSet(types);
        }

        /**
         * Whether there are none.
         *
         * @return true when no class is registered
         */
        public boolean isEmpty() {
            return reductions.isEmpty();
        }

        @Override
        public String toString() {
            return "Registrations" + types().stream().map(Class::getName).toList();
        }
    }
}
