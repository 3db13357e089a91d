package io.multiprocess.managers.server;

import io.multiprocess.connection.Connection;
import io.multiprocess.connection.Listener;
import io.multiprocess.function.SerializableRunnable;
import io.multiprocess.function.SerializableSupplier;
import io.multiprocess.managers.transport.Addresses;
import io.multiprocess.managers.transport.ValueCodec;
import io.multiprocess.serialization.DeserializationPolicy;
import java.io.Serial;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * What runs in a manager's server process ({@link io.multiprocess.managers.BaseManager#start()}): the initializer, then a
 * {@link Server} that reports its address to the parent through a pipe and serves until shut down.
 * Python's {@code BaseManager._run_server}.
 */
public final class ManagerProcess {

    /** The first word of what the server process reports when it could not start serving. */
    public static final String FAILED = "failed:";

    /**
     * What the server process needs, sent to it with the process.
     *
     * @param name            the manager's name, for thread names and messages
     * @param types           the registered types
     * @param address         the address to listen on, or null for a fresh Unix-domain socket
     * @param authkey         the authentication key
     * @param serializerClass the serializer for values
     * @param tls             creates the server's SSLContext, or null for no TLS
     * @param maxMessageSize  the largest message the server accepts (see {@link Listener.Limits})
     * @param policy          what clients' values may make the server instantiate
     */
    public record Spec(
            String name,
            List<TypeSpec> types,
            @Nullable String address,
            byte[] authkey,
            String serializerClass,
            @Nullable SerializableSupplier<SSLContext> tls,
            int maxMessageSize,
            DeserializationPolicy policy)
            implements Serializable {

        @Serial
        private static final long serialVersionUID = 1L;
    }

    private ManagerProcess() {}

    /**
     * The server process's work: runs the initializer, starts the server, reports its address (or
     * {@link #FAILED} and the failure) through {@code parent}, then serves until shut down.
     *
     * @param spec        what to serve, where and how
     * @param parent      the pipe end the address goes back through; closed once it did
     * @param initializer run first; null for none
     * @param references  makes the references the server's replies carry (see {@link ReferenceFactory})
     */
    public static void serve(
            Spec spec, Connection parent, @Nullable SerializableRunnable initializer, ReferenceFactory references) {
        Server server;
        try {
            if (initializer != null) {
                initializer.run();
            }
            Map<String, TypeSpec> registry = new LinkedHashMap<>();
            spec.types().forEach(type -> registry.put(type.typeId(), type));
            server = new Server(
                    spec.name(),
                    registry,
                    spec.address() == null ? null : Addresses.parse(spec.address()),
                    spec.authkey(),
                    ValueCodec.serializer(spec.serializerClass()),
                    spec.tls() == null ? null : spec.tls().get(),
                    references,
                    Listener.Limits.defaults().withMaxMessageSize(spec.maxMessageSize()),
                    spec.policy());
        } catch (RuntimeException | Error e) {
            parent.send(FAILED + " " + e);
            parent.close();
            throw e;
        }
        try {
            parent.send(server.addressText());
            parent.close();
        } catch (RuntimeException e) {
            server.stop();
            throw e;
        }
        server.serveForever();
    }
}
