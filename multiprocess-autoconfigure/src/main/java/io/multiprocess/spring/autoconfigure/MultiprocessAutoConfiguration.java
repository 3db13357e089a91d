package io.multiprocess.spring.autoconfigure;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of multiprocess-java: the {@link ProcessContext} from which the application
 * creates processes, built from {@link MultiprocessProperties}. Declare a {@code ProcessContext} bean
 * of your own to replace it.
 */
@AutoConfiguration
@EnableConfigurationProperties(MultiprocessProperties.class)
public class MultiprocessAutoConfiguration {

    /**
     * The process context of the application.
     *
     * @param properties the {@code multiprocess.*} settings
     * @return the context
     */
    @Bean
    @ConditionalOnMissingBean
    public ProcessContext multiprocessContext(MultiprocessProperties properties) {
        ProcessContext context = Multiprocess.getContext(properties.getStartMethod());
        String executable = properties.getChild().getExecutable();
        if (executable != null && !executable.isBlank()) {
            context = context.withExecutable(Path.of(executable));
        }
        if (!properties.getChild().getJvmOptions().isEmpty()) {
            context = context.withJvmOptions(properties.getChild().getJvmOptions());
        }
        return context;
    }
}
