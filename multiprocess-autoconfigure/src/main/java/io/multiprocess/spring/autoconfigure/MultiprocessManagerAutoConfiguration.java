package io.multiprocess.spring.autoconfigure;

import io.multiprocess.context.ProcessContext;
import io.multiprocess.managers.SyncManager;
import io.multiprocess.serialization.DeserializationPolicy;
import io.multiprocess.serialization.KryoSerializer;
import io.multiprocess.serialization.Serializer;
import io.multiprocess.spring.managers.ManagedSyncManager;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;

/**
 * Auto-configuration of the application's {@link SyncManager} (Python's {@code multiprocessing.Manager()}),
 * configured by {@code multiprocess.manager.*}: its server is a child process of the application's
 * {@link ProcessContext} (a thread for the {@code "thread"} start method), or, with
 * {@code multiprocess.manager.connect=true}, a server of another process at the configured address.
 *
 * <p>Started on first use: the {@code SyncManager} bean is lazy, so its server starts when a bean that
 * needs it is created or when it is looked up; inject {@code ObjectProvider<SyncManager>} (or mark the
 * injection point {@code @Lazy}) to start it on the first call instead. The context shuts it down when it
 * closes, after the pool (see {@link ManagedSyncManager}).
 *
 * <p>Declare a {@code SyncManager} bean of your own to replace it (Spring then shuts yours down with its
 * inferred {@code close()} destroy method), or set {@code multiprocess.manager.enabled=false} for none.
 */
@AutoConfiguration(after = MultiprocessAutoConfiguration.class)
@ConditionalOnProperty(prefix = "multiprocess.manager", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(MultiprocessSerializationProperties.class)
public final class MultiprocessManagerAutoConfiguration {

    MultiprocessManagerAutoConfiguration() {}

    /**
     * The life cycle of the manager: creates it on first use and shuts it down with the context.
     *
     * @param context    the process context that starts the manager's server
     * @param properties the {@code multiprocess.*} settings
     * @param serialization the {@code multiprocess.serialization.*} settings: what the manager's peers may send
     * @return the managed manager
     */
    @Bean
    @ConditionalOnMissingBean({ManagedSyncManager.class, SyncManager.class})
    ManagedSyncManager multiprocessManagedSyncManager(
            ProcessContext context,
            MultiprocessProperties properties,
            MultiprocessSerializationProperties serialization) {
        MultiprocessProperties.Manager settings = properties.getManager();
        DeserializationPolicy policy = serialization.toPolicy();
        // Read now, so that a bad setting fails the start-up rather than the first use.
        SocketAddress address = address(settings.getAddress());
        byte[] authkey = settings.getAuthkey() == null || settings.getAuthkey().isEmpty()
                ? null
                : settings.getAuthkey().getBytes(StandardCharsets.UTF_8);
        String serializerName = settings.getSerializer();
        Serializer serializer = serializerName == null || serializerName.isBlank()
                ? context.serializer()
                : Objects.requireNonNullElseGet(
                        MultiprocessAutoConfiguration.serializer(serializerName), KryoSerializer::new);
        if (settings.isConnect() && address == null) {
            throw new IllegalArgumentException("multiprocess.manager.connect=true needs multiprocess.manager.address: "
                    + "the host:port or unix:/path where the other process's manager serves");
        }
        if (settings.getShutdownTimeout() == null
                || settings.getShutdownTimeout().isNegative()
                || settings.getShutdownTimeout().isZero()) {
            throw new IllegalArgumentException(
                    "multiprocess.manager.shutdown-timeout must be positive, not " + settings.getShutdownTimeout());
        }
        if (settings.getCallTimeout() != null
                && (settings.getCallTimeout().isNegative()
                        || settings.getCallTimeout().isZero())) {
            throw new IllegalArgumentException("multiprocess.manager.call-timeout must be positive (or unset for no "
                    + "limit), not " + settings.getCallTimeout());
        }
        return new ManagedSyncManager(() -> {
            SyncManager manager = new SyncManager(address, authkey, serializer)
                    .withContext(context.settings())
                    .withCallTimeout(settings.getCallTimeout())
                    .withDeserializationPolicy(policy);
            manager.withShutdownTimeout(settings.getShutdownTimeout());
            if (settings.isConnect()) {
                manager.connect();
            } else {
                manager.start();
            }
            return manager;
        });
    }

    /**
     * The manager, started by the first bean that needs it or the first lookup. Shut down by its
     * {@link ManagedSyncManager}, not by a destroy method.
     *
     * @param managed its life cycle
     * @return the started manager
     */
    @Bean(destroyMethod = "")
    @Lazy
    @ConditionalOnMissingBean
    SyncManager multiprocessSyncManager(ManagedSyncManager managed) {
        return managed.manager();
    }

    /**
     * The address a property names: {@code host:port}, {@code :port}, {@code unix:/path} or an absolute path.
     *
     * @param text the property's value
     * @return the address, or null for a fresh Unix-domain socket
     * @throws IllegalArgumentException for anything else, naming the value and the forms accepted
     */
    static @Nullable SocketAddress address(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.trim();
        if (value.startsWith("unix:")) {
            return UnixDomainSocketAddress.of(value.substring("unix:".length()));
        }
        if (value.startsWith("/")) {
            return UnixDomainSocketAddress.of(value);
        }
        String hostPort = value.startsWith("tcp:") ? value.substring("tcp:".length()) : value;
        int colon = hostPort.lastIndexOf(':');
        if (colon >= 0) {
            String host = hostPort.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            try {
                int port = Integer.parseInt(hostPort.substring(colon + 1));
                if (port >= 0 && port <= 65535) {
                    return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException(
                "multiprocess.manager.address '" + text + "' is not an address: use host:port "
                        + "(:port for every interface), unix:/path or an absolute path, or leave it empty for a fresh Unix-domain socket");
    }
}
