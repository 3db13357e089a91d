package io.multiprocess.spring.autoconfigure;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.serialization.JdkSerializer;
import io.multiprocess.serialization.KryoSerializer;
import io.multiprocess.serialization.Serializer;
import io.multiprocess.spring.monitor.ProcessTreeView;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of multiprocess-java's foundations: the {@link ProcessContext} from which the
 * application creates processes (built from {@link MultiprocessProperties}, then
 * {@link ProcessContextCustomizer}s, and scoped to the application context: its close releases what the
 * context created), and the {@link ProcessTreeView} that monitoring reads. Declare a
 * bean of either type to replace it.
 */
@AutoConfiguration
@EnableConfigurationProperties(MultiprocessProperties.class)
public final class MultiprocessAutoConfiguration {

    MultiprocessAutoConfiguration() {}

    /**
     * The process context of the application: start method, child JVMs, forkserver and serializer from
     * the properties, then the customizers. It is {@linkplain ProcessContext#scoped() scoped} to the
     * application context: what it (or a context derived from it) creates, the application context's
     * close releases (processes, pools, managers, segments, socket files); see
     * {@link ProcessContext#close()}.
     *
     * @param properties  the {@code multiprocess.*} settings
     * @param customizers adjustments applied after the properties, in order
     * @return the context
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ProcessContext multiprocessContext(
            MultiprocessProperties properties, ObjectProvider<ProcessContextCustomizer> customizers) {
        ProcessContext context = Multiprocess.getContext(properties.getStartMethod());
        if (properties.getChild().getExecutable() != null) {
            context = context.withExecutable(properties.getChild().getExecutable());
        }
        if (!properties.getChild().getJvmOptions().isEmpty()) {
            context = context.withJvmOptions(properties.getChild().getJvmOptions());
        }
        MultiprocessProperties.Forkserver forkserver = properties.getForkserver();
        if (forkserver.getSpares() != null) {
            context = context.withForkserverSpares(forkserver.getSpares());
        }
        if (!forkserver.getPreload().isEmpty()) {
            context = context.withForkserverPreload(forkserver.getPreload().toArray(String[]::new));
        }
        Serializer serializer = serializer(properties.getSerializer());
        if (serializer != null) {
            context = context.withSerializer(serializer);
        }
        for (ProcessContextCustomizer customizer : customizers.orderedStream().toList()) {
            context = customizer.customize(context);
            if (context == null) {
                throw new IllegalStateException("The ProcessContextCustomizer " + customizer
                        + " returned null; return the context it was given to change nothing");
            }
        }
        return context.isScoped() ? context : context.scoped();
    }

    /**
     * The view of this application's child processes and tracked resources.
     *
     * @return the view
     */
    @Bean
    @ConditionalOnMissingBean
    ProcessTreeView multiprocessTreeView() {
        return new ProcessTreeView();
    }

    /** The serializer a property names, or null for the context's default (Kryo). */
    static @Nullable Serializer serializer(@Nullable String name) {
        String value = name == null ? "" : name.trim();
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "", "kryo" -> null;
            case "jdk", "java" -> new JdkSerializer();
            default -> value.equals(KryoSerializer.class.getName()) ? null : Serializer.forClassName(value);
        };
    }
}
