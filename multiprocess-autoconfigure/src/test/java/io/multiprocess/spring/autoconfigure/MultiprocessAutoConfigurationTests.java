package io.multiprocess.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.StartMethod;
import io.multiprocess.UnsupportedStartMethodException;
import io.multiprocess.context.ProcessContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class MultiprocessAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MultiprocessAutoConfiguration.class));

    @Test
    void providesASpawnContextByDefault() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(ProcessContext.class);
            assertThat(context.getBean(ProcessContext.class).startMethod()).isEqualTo(StartMethod.SPAWN);
            assertThat(context.getBean(ProcessContext.class).jvmOptions()).isEmpty();
        });
    }

    @Test
    void childJvmOptionsComeFromProperties() {
        runner.withPropertyValues("multiprocess.child.jvm-options=-Xmx256m,-Dworker=true").run(context ->
            assertThat(context.getBean(ProcessContext.class).jvmOptions()).containsExactly("-Xmx256m", "-Dworker=true"));
    }

    @Test
    void forkIsRefusedWithTheReason() {
        runner.withPropertyValues("multiprocess.start-method=fork").run(context ->
            assertThat(context).getFailure().rootCause()
                .isInstanceOf(UnsupportedStartMethodException.class).hasMessageContaining("cannot be forked"));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnContext() {
        runner.withUserConfiguration(OwnContext.class).run(context -> {
            assertThat(context).hasSingleBean(ProcessContext.class);
            assertThat(context.getBean(ProcessContext.class).jvmOptions()).containsExactly("-Xss1m");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnContext {
        @Bean
        ProcessContext ownContext() {
            return ProcessContext.of(StartMethod.SPAWN).withJvmOptions("-Xss1m");
        }
    }
}
