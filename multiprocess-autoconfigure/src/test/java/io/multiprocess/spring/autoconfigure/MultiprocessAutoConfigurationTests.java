package io.multiprocess.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.StartMethod;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.serialization.JdkSerializer;
import io.multiprocess.serialization.KryoSerializer;
import io.multiprocess.spring.monitor.ProcessTreeView;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** The context and the process-tree view: every property, customizers, and backing off. No process starts. */
class MultiprocessAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MultiprocessAutoConfiguration.class));

    @Test
    void providesASpawnContextByDefault() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(ProcessContext.class).hasSingleBean(ProcessTreeView.class);
            ProcessContext processes = context.getBean(ProcessContext.class);
            assertThat(processes.startMethod()).isEqualTo(StartMethod.SPAWN);
            assertThat(processes.jvmOptions()).isEmpty();
            assertThat(processes.executable()).isEmpty();
            assertThat(processes.serializer()).isInstanceOf(KryoSerializer.class);
        });
    }

    @Test
    void childJvmOptionsComeFromProperties() {
        runner.withPropertyValues("multiprocess.child.jvm-options=-Xmx256m,-Dworker=true")
                .run(context -> assertThat(context.getBean(ProcessContext.class).jvmOptions())
                        .containsExactly("-Xmx256m", "-Dworker=true"));
    }

    @Test
    void theChildExecutableComesFromProperties() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        runner.withPropertyValues("multiprocess.child.executable=" + java)
                .run(context -> assertThat(context.getBean(ProcessContext.class).executable())
                        .contains(java.toAbsolutePath()));
    }

    @Test
    void aMissingExecutableFailsTheStartWithTheReason() {
        runner.withPropertyValues("multiprocess.child.executable=/no/such/java")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(BindValidationException.class)
                        .hasMessageContaining("/no/such/java"));
    }

    @Test
    void theStartMethodComesFromProperties() {
        runner.withPropertyValues("multiprocess.start-method=SPAWN")
                .run(context -> assertThat(context.getBean(ProcessContext.class).startMethod())
                        .isEqualTo(StartMethod.SPAWN));
    }

    @Test
    void forkserverAndThreadStartMethods() {
        runner.withPropertyValues("multiprocess.start-method=forkserver").run(context -> {
            ProcessContext processes = context.getBean(ProcessContext.class);
            assertThat(processes.startMethod()).isEqualTo(StartMethod.FORKSERVER);
            assertThat(processes.forkserverSpares()).isEqualTo(ProcessContext.DEFAULT_FORKSERVER_SPARES);
            assertThat(processes.forkserverPreload()).isEmpty();
        });
        runner.withPropertyValues("multiprocess.start-method=thread")
                .run(context -> assertThat(context.getBean(ProcessContext.class).isThreadBacked())
                        .isTrue());
    }

    @Test
    void forkserverSparesAndPreloadComeFromProperties() {
        runner.withPropertyValues(
                        "multiprocess.start-method=forkserver",
                        "multiprocess.forkserver.spares=5",
                        "multiprocess.forkserver.preload=com.acme.Model,com.acme.Rules")
                .run(context -> {
                    ProcessContext processes = context.getBean(ProcessContext.class);
                    assertThat(processes.forkserverSpares()).isEqualTo(5);
                    assertThat(processes.forkserverPreload()).containsExactly("com.acme.Model", "com.acme.Rules");
                });
    }

    @Test
    void tooManySparesFailTheStartWithTheReason() {
        runner.withPropertyValues("multiprocess.forkserver.spares=65")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(BindValidationException.class)
                        .hasMessageContaining("0 to 64"));
    }

    @Test
    void forkIsRefusedWithTheReason() {
        runner.withPropertyValues("multiprocess.start-method=fork")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(BindValidationException.class)
                        .hasMessageContaining("cannot be forked"));
    }

    @Test
    void theSerializerComesFromProperties() {
        runner.withPropertyValues("multiprocess.serializer=jdk")
                .run(context -> assertThat(context.getBean(ProcessContext.class).serializer())
                        .isInstanceOf(JdkSerializer.class));
        runner.withPropertyValues("multiprocess.serializer=" + JdkSerializer.class.getName())
                .run(context -> assertThat(context.getBean(ProcessContext.class).serializer())
                        .isInstanceOf(JdkSerializer.class));
        runner.withPropertyValues("multiprocess.serializer=kryo")
                .run(context -> assertThat(context.getBean(ProcessContext.class).serializer())
                        .isInstanceOf(KryoSerializer.class));
    }

    @Test
    void anUnknownSerializerFailsTheStartWithTheReason() {
        runner.withPropertyValues("multiprocess.serializer=com.acme.NoSuchSerializer")
                .run(context ->
                        assertThat(context).getFailure().rootCause().hasMessageContaining("com.acme.NoSuchSerializer"));
    }

    @Test
    void customizersRunInOrderAfterTheProperties() {
        runner.withPropertyValues("multiprocess.child.jvm-options=-Xmx256m")
                .withUserConfiguration(Customizers.class)
                .run(context -> {
                    ProcessContext processes = context.getBean(ProcessContext.class);
                    assertThat(processes.jvmOptions()).containsExactly("-Xmx256m", "-Dfirst", "-Dsecond");
                    assertThat(processes.error()).isEqualTo(Redirect.DISCARD);
                });
    }

    @Test
    void aCustomizerReturningNullFailsTheStart() {
        runner.withBean(ProcessContextCustomizer.class, () -> context -> null)
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("returned null"));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnContext() {
        runner.withUserConfiguration(OwnContext.class).run(context -> {
            assertThat(context).hasSingleBean(ProcessContext.class);
            assertThat(context.getBean(ProcessContext.class).jvmOptions()).containsExactly("-Xss1m");
        });
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnView() {
        ProcessTreeView own = new ProcessTreeView();
        runner.withBean(ProcessTreeView.class, () -> own)
                .run(context ->
                        assertThat(context.getBean(ProcessTreeView.class)).isSameAs(own));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnContext {
        @Bean
        ProcessContext ownContext() {
            return ProcessContext.of(StartMethod.SPAWN).withJvmOptions("-Xss1m");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {
        @Bean
        @Order(2)
        ProcessContextCustomizer second() {
            return context -> {
                List<String> options = new ArrayList<>(context.jvmOptions());
                options.add("-Dsecond");
                return context.withJvmOptions(options).withOutput(Redirect.INHERIT, Redirect.DISCARD);
            };
        }

        @Bean
        @Order(1)
        ProcessContextCustomizer first() {
            return context -> {
                List<String> options = new ArrayList<>(context.jvmOptions());
                options.add("-Dfirst");
                return context.withJvmOptions(options);
            };
        }
    }
}
