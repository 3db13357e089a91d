package io.multiprocess.process;

import io.multiprocess.SerializationException;
import io.multiprocess.function.SerializableRunnable;
import io.multiprocess.serialization.SerializedLambdas;
import io.multiprocess.serialization.Serializer;
import io.multiprocess.serialization.Serializers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.SerializedLambda;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * How the process object travels in a child's bootstrap frame. A {@link ChildProcess} itself (not a
 * subclass) whose target is a lambda or method reference that captured nothing travels in a plain form,
 * written field by field: the child rebuilds it without building a serializer, which costs a fresh JVM
 * some 25 ms (the child builds its serializer on another thread meanwhile, for what it receives later).
 * Every other process object travels serialized by the context's serializer.
 *
 * <pre>
 * byte 0: 0 = serialized, the rest is the serializer's bytes
 *         2 = the same, and they name classes of the library's IPC packages (a hint: the child loads the
 *             native binding early, on another thread)
 *         1 = plain: name, daemon, authkey, identity, role, then the target's serialized-lambda fields
 * </pre>
 */
final class BootstrapProcessForm {

    private static final byte SERIALIZED = 0;
    private static final byte PLAIN = 1;
    /** Serialized, and it holds the library's connections, queues, locks or shared memory. */
    private static final byte SERIALIZED_WITH_IPC = 2;

    /**
     * Packages whose objects, when a process object holds them, mean that the child will soon use the native
     * binding (sockets, futexes, shared memory).
     */
    private static final byte[][] IPC_PACKAGES =
            ascii("connection.", "queues.", "synchronize.", "sharedctypes.", "sharedmemory.", "managers.");

    private static final byte[] LIBRARY_PREFIX = "io.multiprocess.".getBytes(StandardCharsets.US_ASCII);

    private BootstrapProcessForm() {}

    /**
     * The bytes of a process object for its child.
     *
     * @param process    the process
     * @param serializer the context's serializer
     * @return the bytes
     */
    static byte[] encode(ChildProcess process, Serializer serializer) {
        SerializedLambda target = plainTarget(process);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        if (target == null) {
            bytes.write(SERIALIZED);
            serializer.serialize(process, bytes);
            byte[] serialized = bytes.toByteArray();
            if (namesIpcClasses(serialized)) {
                serialized[0] = SERIALIZED_WITH_IPC;
            }
            return serialized;
        }
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(PLAIN);
            out.writeUTF(process.name());
            out.writeBoolean(process.isDaemon());
            byte[] authkey = process.authkey();
            out.writeInt(authkey.length);
            out.write(authkey);
            int[] identity = process.identity();
            out.writeInt(identity.length);
            for (int part : identity) {
                out.writeInt(part);
            }
            out.writeUTF(process.role().name());
            out.writeUTF(target.getCapturingClass());
            out.writeUTF(target.getFunctionalInterfaceClass());
            out.writeUTF(target.getFunctionalInterfaceMethodName());
            out.writeUTF(target.getFunctionalInterfaceMethodSignature());
            out.writeInt(target.getImplMethodKind());
            out.writeUTF(target.getImplClass());
            out.writeUTF(target.getImplMethodName());
            out.writeUTF(target.getImplMethodSignature());
            out.writeUTF(target.getInstantiatedMethodType());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** No lambda or stream here: a child reads this class first thing, and its first lambda costs ~15 ms. */
    private static byte[][] ascii(String... names) {
        byte[][] bytes = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            bytes[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
        return bytes;
    }

    /**
     * Whether serialized bytes name a class of the library's IPC packages. Both serializers write a class's
     * name the first time they meet it, in ASCII for these names (Kryo marks the end of a name by setting
     * the top bit of its last byte, which the package prefix never is).
     */
    static boolean namesIpcClasses(byte[] serialized) {
        for (int i = 0; i + LIBRARY_PREFIX.length < serialized.length; i++) {
            if (startsWith(serialized, i, LIBRARY_PREFIX)) {
                int rest = i + LIBRARY_PREFIX.length;
                for (byte[] name : IPC_PACKAGES) {
                    if (startsWith(serialized, rest, name)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        if (offset + prefix.length > bytes.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the child of these bytes will soon use the native binding: a hint to load it early, on
     * another thread.
     *
     * @param bytes the process object's bytes from the frame
     * @return true when the process object holds the library's connections, queues, locks or shared memory
     */
    static boolean holdsIpcObjects(byte[] bytes) {
        return bytes.length > 0 && bytes[0] == SERIALIZED_WITH_IPC;
    }

    /**
     * Whether a process object would travel in the plain form.
     *
     * @param process the process
     * @return true when its child rebuilds it without a serializer
     */
    static boolean isPlain(ChildProcess process) {
        return plainTarget(process) != null;
    }

    /** The serialized form of the target when the process can travel plain, or null. */
    private static @Nullable SerializedLambda plainTarget(ChildProcess process) {
        SerializableRunnable target = process.target();
        if (process.getClass() != ChildProcess.class
                || target == null
                || !SerializedLambdas.isLambdaClass(target.getClass())) {
            return null;
        }
        SerializedLambda form = SerializedLambdas.formOf(target);
        return form.getCapturedArgCount() == 0 ? form : null;
    }

    /**
     * The target in the child: a direct call of the implementation method when the lambda is a static,
     * parameterless method adapted to {@code run()} ({@link StaticMethodTarget}), the rebuilt lambda otherwise.
     */
    private static SerializableRunnable target(Class<?> capturingClass, SerializedLambda form, ClassLoader loader)
            throws ReflectiveOperationException {
        if (form.getImplMethodKind() == MethodHandleInfo.REF_invokeStatic
                && form.getImplMethodSignature().startsWith("()")
                && form.getInstantiatedMethodType().equals("()V")) {
            Class<?> owner = form.getImplClass().equals(form.getCapturingClass())
                    ? capturingClass
                    : Class.forName(form.getImplClass().replace('/', '.'), false, loader);
            StaticMethodTarget direct = new StaticMethodTarget(owner, form.getImplMethodName());
            try {
                direct.resolve();
                return direct;
            } catch (RuntimeException inaccessible) {
                // A module that does not open the method to this library: the lambda itself may still be rebuilt.
            }
        }
        return (SerializableRunnable) SerializedLambdas.rebuild(capturingClass, form);
    }

    /**
     * Rebuilds the process object a parent encoded.
     *
     * @param bytes      the bytes from the frame
     * @param serializerClass the frame's serializer class, created only for the serialized form
     * @param loader     the loader of the target's capturing class
     * @return the process
     * @throws SerializationException if the bytes cannot be read or the target cannot be rebuilt
     */
    static ChildProcess decode(byte[] bytes, String serializerClass, ClassLoader loader) {
        if (bytes.length == 0) {
            throw new SerializationException("The bootstrap frame holds no process object", null);
        }
        if (bytes[0] == SERIALIZED || bytes[0] == SERIALIZED_WITH_IPC) {
            return (ChildProcess) Serializers.forName(serializerClass).deserialize(bytes, 1, bytes.length - 1);
        }
        if (bytes[0] != PLAIN) {
            throw new SerializationException(
                    "The process object of the bootstrap frame has an unknown form " + bytes[0], null);
        }
        String capturing = "?";
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
            String name = in.readUTF();
            boolean daemon = in.readBoolean();
            byte[] authkey = in.readNBytes(in.readInt());
            int[] identity = new int[in.readInt()];
            for (int i = 0; i < identity.length; i++) {
                identity[i] = in.readInt();
            }
            ProcessRole role = ProcessRole.valueOf(in.readUTF());
            capturing = in.readUTF();
            Class<?> capturingClass = Class.forName(capturing.replace('/', '.'), false, loader);
            SerializedLambda form = new SerializedLambda(
                    capturingClass,
                    in.readUTF(),
                    in.readUTF(),
                    in.readUTF(),
                    in.readInt(),
                    in.readUTF(),
                    in.readUTF(),
                    in.readUTF(),
                    in.readUTF(),
                    new Object[0]);
            return new ChildProcess(name, identity, authkey, daemon, role, target(capturingClass, form, loader));
        } catch (IOException | ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new SerializationException(
                    "Cannot rebuild the process object from its bootstrap frame (its target " + "was created in "
                            + capturing.replace('/', '.') + "): " + e,
                    e);
        }
    }
}
