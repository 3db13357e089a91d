package io.multiprocess.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ClosureSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.FieldSerializer.FieldSerializerConfig;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.util.Pool;
import com.esotericsoftware.minlog.Log;
import io.multiprocess.SerializationException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The default serializer: Kryo, configured to serialize what dill serializes for Python.
 *
 * <ul>
 *   <li>Serializable lambdas and method references, capturing or not, and anonymous classes with the
 *       local variables they captured.</li>
 *   <li>Classes that do not implement {@link Serializable} and have no no-argument constructor.
 *       Instances of application classes are created without running any constructor, as pickle
 *       and Java serialization do, so {@code transient} fields arrive as 0, false or null.</li>
 *   <li>Records, enums, arrays, the JDK's collections including {@code List.of}, {@code Map.of},
 *       {@code Arrays.asList} and the {@code Collections.unmodifiable*} wrappers, {@code Optional},
 *       {@code java.time}, {@code BigDecimal}, {@code BigInteger}, {@code UUID}, {@code Path}, and
 *       exceptions with their cause chain and stack trace.</li>
 *   <li>Shared references and cycles, which arrive as shared references and cycles.</li>
 * </ul>
 *
 * <p>Application classes that implement Java serialization's replacement protocol
 * ({@code writeReplace()}, and {@code readResolve()} on the stand-in) travel as their stand-in, as with
 * Java serialization: that is how the library's own connections, queues, locks and shared-memory
 * blocks cross to another process (as a name or an address, not as their open state).
 *
 * <p>Dynamic proxies ({@link java.lang.reflect.Proxy}) travel as what their invocation handler's
 * {@code writeReplace()} returns, as a manager's proxies do.
 *
 * <p>Classes with a {@link Reduction} travel as their registration says, before any of the rules here.
 *
 * <p>Other JDK classes travel with Java's built-in serialization when they are {@link Serializable};
 * the rest, and everything that belongs to one process (threads, streams, sockets, executors, JDK
 * locks, lambdas of non-serializable types), is refused with a
 * {@link SerializationException} naming the object and the path to it.
 *
 * <p>Thread-safe: Kryo instances and buffers are pooled.
 */
public final class KryoSerializer implements io.multiprocess.serialization.Serializer {

    static {
        Log.set(Log.LEVEL_ERROR);
    }

    /** Buffers grown past this size are dropped after use rather than kept in the pool. */
    private static final int POOLED_BUFFER_LIMIT = 1 << 20;

    private final ClassLoader classLoader;

    private final Pool<Kryo> kryos = new Pool<>(true, false, 64) {
        @Override
        protected Kryo create() {
            FutureTask<Kryo> prepared = preparing.getAndSet(null);
            if (prepared != null) {
                prepared.run();
                try {
                    return prepared.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException e) {
                    // Built again below, where the failure surfaces with its own stack.
                }
            }
            return newKryo();
        }
    };

    /** A Kryo instance being built on a background thread, which the next create() takes (see prepareInBackground). */
    private final AtomicReference<FutureTask<Kryo>> preparing = new AtomicReference<>();

    private final Pool<Output> outputs = new Pool<>(true, false, 64) {
        @Override
        protected Output create() {
            return new Output(4096, -1);
        }
    };

    /**
     * Creates a serializer that resolves classes through the current thread's context class loader
     * (or this library's loader when there is none).
     */
    public KryoSerializer() {
        this(defaultClassLoader());
    }

    /**
     * Creates a serializer that resolves classes through the given loader.
     *
     * @param classLoader the loader for classes named in serialized bytes
     */
    public KryoSerializer(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /**
     * Builds the Kryo instance that the next serialization will use, on the calling thread, unless one is
     * already being built; a serialization that needs an instance meanwhile waits for this one rather than
     * building its own. A fresh JVM spends some 25 ms in Kryo's constructor, mostly initializing the JDK
     * classes it registers serializers for: a child calls this on a thread of its own first thing, so
     * that it overlaps with the rest of its start-up.
     */
    public void prepare() {
        FutureTask<Kryo> task = new FutureTask<>(new KryoBuilder(this));
        if (preparing.compareAndSet(null, task)) {
            task.run();
        }
    }

    /** Builds a Kryo instance: a class rather than a lambda, since it runs where the first lambda is costly. */
    private static final class KryoBuilder implements Callable<Kryo> {

        private final KryoSerializer owner;

        KryoBuilder(KryoSerializer owner) {
            this.owner = owner;
        }

        @Override
        public Kryo call() {
            return owner.newKryo();
        }
    }

    @Override
    public byte[] serialize(@Nullable Object value) {
        Output output = outputs.obtain();
        try {
            write(value, output);
            return output.toBytes();
        } finally {
            release(output);
        }
    }

    @Override
    public void serialize(@Nullable Object value, OutputStream out) {
        Output output = outputs.obtain();
        try {
            write(value, output);
            out.write(output.getBuffer(), 0, output.position());
        } catch (IOException e) {
            throw new SerializationException("Could not write serialized bytes: " + e, e);
        } finally {
            release(output);
        }
    }

    @Override
    public @Nullable Object deserialize(byte[] bytes, int offset, int length) {
        return deserialize(bytes, offset, length, DeserializationPolicy.trustAll());
    }

    /**
     * Reads back a value under a policy: when it is enforced, every class the bytes name (and the class
     * that created each lambda) is checked before anything of it is created, and Java deserialization
     * inside (exceptions, some JDK classes) runs with the policy's filter.
     *
     * @param bytes  the buffer
     * @param offset where the value's bytes start
     * @param length how many bytes the value spans
     * @param policy the classes allowed (when enforced) and the limits
     * @return the value, possibly null
     * @throws SerializationException if the bytes are not a value, or name a class the policy refuses
     */
    @Override
    public @Nullable Object deserialize(byte[] bytes, int offset, int length, DeserializationPolicy policy) {
        ProcessKryo kryo = (ProcessKryo) obtainKryo();
        kryo.policy = policy;
        try {
            return kryo.readClassAndObject(new Input(bytes, offset, length));
        } catch (RuntimeException | LinkageError e) {
            DeserializationRefusedException refused = refusalIn(e);
            throw refused != null ? refused : SerializationFailures.undecodable(length, e);
        } finally {
            kryo.policy = DeserializationPolicy.trustAll();
            kryos.free(kryo);
        }
    }

    /** A policy's refusal behind a failed read (Kryo wraps what its serializers throw), or null. */
    private static @Nullable DeserializationRefusedException refusalIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DeserializationRefusedException refused) {
                return refused;
            }
        }
        return null;
    }

    /**
     * The policy the read under way on a Kryo instance of this serializer applies.
     *
     * @param kryo a Kryo instance, normally one of this serializer's
     * @return its policy, or the trusting one for another instance
     */
    static DeserializationPolicy policyOf(Kryo kryo) {
        return kryo instanceof ProcessKryo ours ? ours.policy : DeserializationPolicy.trustAll();
    }

    /** A pooled Kryo configured with the current reductions; one configured with older ones is dropped. */
    private Kryo obtainKryo() {
        Kryo kryo = kryos.obtain();
        while (((ProcessKryo) kryo).reductions != Reductions.table()) {
            kryo = kryos.obtain();
        }
        return kryo;
    }

    private void write(@Nullable Object value, Output output) {
        Kryo kryo = obtainKryo();
        try {
            output.reset();
            kryo.writeClassAndObject(output, value);
        } catch (RuntimeException e) {
            throw failure(value, e);
        } catch (StackOverflowError e) {
            throw new SerializationException(
                    "Cannot serialize a value of type " + value.getClass().getName()
                            + ": its object graph is nested too deeply for the serializer's recursion (a very long linked "
                            + "structure?); send it in parts or as an array",
                    e);
        } finally {
            kryos.free(kryo);
        }
    }

    private void release(Output output) {
        if (output.getBuffer().length <= POOLED_BUFFER_LIMIT) {
            outputs.free(output);
        }
    }

    private static SerializationException failure(Object root, RuntimeException error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof UnserializableObjectException refused) {
                return SerializationFailures.unserializable(root, refused.offender(), refused.reason(), error);
            }
            if (t instanceof SerializationException already) {
                return already;
            }
        }
        return new SerializationException(
                "Cannot serialize a value of type " + root.getClass().getName() + ": " + error.getMessage(), error);
    }

    private Kryo newKryo() {
        Kryo kryo = new ProcessKryo(Reductions.table());
        kryo.setRegistrationRequired(false);
        kryo.setReferences(true);
        kryo.setClassLoader(classLoader);
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new AllocatingInstantiatorStrategy()));
        FieldSerializerConfig fields = new FieldSerializerConfig();
        // Anonymous classes keep captured locals (val$x) and their outer instance (this$0) in synthetic
        // fields; skipping them would deliver zeros and nulls.
        fields.setIgnoreSyntheticFields(false);
        kryo.setDefaultSerializer(new FieldByFieldSerializer.Factory(fields));
        kryo.register(ClosureSerializer.Closure.class, new LambdaSerializer());
        // Kryo treats every dynamic proxy class as InvocationHandler; registered, it is written as an id
        // rather than as the proxy class's name, which means nothing in another JVM.
        kryo.register(InvocationHandler.class, new ProxyReplacingSerializer());
        kryo.addDefaultSerializer(Throwable.class, new ThrowableSerializer());
        kryo.addDefaultSerializer(Path.class, new PathSerializer());
        kryo.addDefaultSerializer(UUID.class, new DefaultSerializers.UUIDSerializer());
        kryo.addDefaultSerializer(Pattern.class, new DefaultSerializers.PatternSerializer());
        kryo.addDefaultSerializer(URI.class, new DefaultSerializers.URISerializer());
        kryo.addDefaultSerializer(AtomicBoolean.class, new DefaultSerializers.AtomicBooleanSerializer());
        kryo.addDefaultSerializer(AtomicInteger.class, new DefaultSerializers.AtomicIntegerSerializer());
        kryo.addDefaultSerializer(AtomicLong.class, new DefaultSerializers.AtomicLongSerializer());
        kryo.addDefaultSerializer(AtomicReference.class, new DefaultSerializers.AtomicReferenceSerializer());
        return kryo;
    }

    private static ClassLoader defaultClassLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : KryoSerializer.class.getClassLoader();
    }

    /**
     * Kryo with the library's rules for choosing a serializer: refuse what belongs to one process, use
     * our serializers for JDK collections Kryo cannot rebuild, and fall back to Java serialization for
     * other JDK classes, whose private fields reflection may not open.
     */
    private static final class ProcessKryo extends Kryo {

        /** The reductions this instance applies: the table current when it was created. */
        final Map<Class<?>, RegisteredReduction> reductions;

        /** The policy of the read under way; set and reset by the reading thread, which holds this instance. */
        DeserializationPolicy policy = DeserializationPolicy.trustAll();

        ProcessKryo(Map<Class<?>, RegisteredReduction> reductions) {
            super(new DefaultClassResolver(), new ResolvingSerializer.Resolver());
            this.reductions = reductions;
        }

        /** Checks every class a read meets against the policy, before anything of it is created. */
        @Override
        public @Nullable Registration readClass(Input input) {
            Registration registration = super.readClass(input);
            if (registration != null
                    && policy.isEnforcing()
                    && !policy.allows(registration.getType())
                    && !(JdkCollectionSerializers.rebuildsStandardForm(registration.getSerializer())
                            && UnserializableTypes.isJdkClass(registration.getType()))) {
                throw DeserializationPolicy.refusal(registration.getType().getName());
            }
            return registration;
        }

        @Override
        @SuppressWarnings("rawtypes")
        public Serializer getDefaultSerializer(Class type) {
            RegisteredReduction reduction = reductions.get(type);
            if (reduction != null) {
                return reduction.kryoSerializer(this);
            }
            Serializer chosen = chooseSerializer(type);
            Optional<Method> readResolve = SerializationHooks.readResolve(type);
            return readResolve.isPresent() && !(chosen instanceof RefusingSerializer)
                    ? new ResolvingSerializer(chosen, readResolve.get())
                    : chosen;
        }

        @SuppressWarnings("rawtypes")
        private Serializer chooseSerializer(Class type) {
            Optional<String> refused = UnserializableTypes.reasonFor(type);
            if (refused.isPresent()) {
                return new RefusingSerializer(refused.get());
            }
            Optional<Method> writeReplace = SerializationHooks.writeReplace(type);
            if (writeReplace.isPresent()) {
                return new ReplacingSerializer(writeReplace.get());
            }
            boolean jdk = UnserializableTypes.isJdkClass(type);
            if (jdk) {
                Serializer<?> byName = JdkCollectionSerializers.forJdkClass(type);
                if (byName != null) {
                    return byName;
                }
            }
            Serializer<?> kryoDefault = super.getDefaultSerializer(type);
            if (jdk && JdkCollectionSerializers.needsCopying(type, kryoDefault)) {
                return JdkCollectionSerializers.copying(type);
            }
            return kryoDefault;
        }

        /** The fallback when no default serializer matched: fields, except for JDK classes. */
        @Override
        @SuppressWarnings("rawtypes")
        protected Serializer newDefaultSerializer(Class type) {
            if (UnserializableTypes.isJdkClass(type) && type != Object.class) {
                return Serializable.class.isAssignableFrom(type)
                        ? new JavaFallbackSerializer()
                        : new RefusingSerializer(UnserializableTypes.jdkClassReason(type));
            }
            return super.newDefaultSerializer(type);
        }
    }
}
