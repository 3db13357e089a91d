package io.multiprocess.spring.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

/**
 * Boot's annotation processor wrote {@code META-INF/spring-autoconfigure-metadata.properties}: the
 * conditions and ordering that Boot reads to skip an auto-configuration without loading its class.
 */
class AutoConfigurationMetadataTests {

    private static final String PACKAGE = "io.multiprocess.spring.autoconfigure.";

    @Test
    void everyAutoConfigurationHasItsConditionsAndOrderInTheGeneratedMetadata() throws IOException {
        Properties metadata = new Properties();
        try (InputStream in =
                new ClassPathResource("META-INF/spring-autoconfigure-metadata.properties").getInputStream()) {
            metadata.load(in);
        }
        List<String> imports;
        try (InputStream in = new ClassPathResource(
                        "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")
                .getInputStream()) {
            imports = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        }
        assertThat(imports).isNotEmpty().allSatisfy(name -> assertThat(metadata).containsKey(name));
        assertThat(metadata)
                .containsEntry(
                        PACKAGE + "MultiprocessPoolAutoConfiguration.AutoConfigureAfter",
                        PACKAGE + "MultiprocessAutoConfiguration")
                .containsEntry(
                        PACKAGE + "MultiprocessMetricsAutoConfiguration.ConditionalOnClass",
                        "io.micrometer.core.instrument.binder.MeterBinder")
                .containsEntry(
                        PACKAGE + "MultiprocessPoolActivityAutoConfiguration.ConditionalOnBean",
                        "io.multiprocess.spring.pool.ManagedPool");
        assertThat(metadata.getProperty(PACKAGE + "MultiprocessHazelcastAutoConfiguration$Cluster.ConditionalOnClass"))
                .contains("com.hazelcast.core.HazelcastInstance");
    }
}
