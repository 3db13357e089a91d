package io.multiprocess.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.managers.SyncManager;
import io.multiprocess.serialization.DeserializationPolicy;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code multiprocess.serialization.*}: the deserialization policy of the auto-configured manager. */
class MultiprocessSerializationPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    MultiprocessAutoConfiguration.class, MultiprocessManagerAutoConfiguration.class));

    @Test
    void theDefaultIsTheLibrarysDefaultPolicy() {
        runner.run(context -> assertThat(context.getBean(MultiprocessSerializationProperties.class)
                        .toPolicy())
                .isEqualTo(DeserializationPolicy.defaults()));
    }

    @Test
    void thePropertiesBecomeTheManagersPolicy() {
        runner.withPropertyValues(
                        "multiprocess.start-method=thread",
                        "multiprocess.serialization.enforcement=always",
                        "multiprocess.serialization.allowed-classes=com.acme.orders.**,com.acme.Money",
                        "multiprocess.serialization.max-depth=64")
                .run(context -> {
                    DeserializationPolicy policy =
                            context.getBean(SyncManager.class).deserializationPolicy();
                    assertThat(policy.enforcement()).isEqualTo(DeserializationPolicy.Enforcement.ALWAYS);
                    assertThat(policy.allowedClasses()).containsExactly("com.acme.orders.**", "com.acme.Money");
                    assertThat(policy.maxDepth()).isEqualTo(64);
                });
        runner.withPropertyValues("multiprocess.serialization.enforcement=non-loopback")
                .run(context -> assertThat(context.getBean(MultiprocessSerializationProperties.class)
                                .getEnforcement())
                        .isEqualTo(DeserializationPolicy.Enforcement.NON_LOOPBACK));
    }

    @Test
    void aBadPatternFailsTheStartNamingTheProperty() {
        runner.withPropertyValues("multiprocess.serialization.allowed-classes=com.acme.*x")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("multiprocess.serialization")
                        .hasMessageContaining("com.acme.*x"));
    }
}
