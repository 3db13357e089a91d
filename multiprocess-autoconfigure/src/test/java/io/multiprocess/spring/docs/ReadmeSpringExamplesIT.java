package io.multiprocess.spring.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.spring.autoconfigure.MultiprocessAutoConfiguration;
import io.multiprocess.spring.autoconfigure.MultiprocessPoolAutoConfiguration;
import io.multiprocess.spring.autoconfigure.ParallelMapAutoConfiguration;
import io.multiprocess.testing.NoLeftoversExtension;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The Spring Boot examples of the README files ({@link ReportRenderer}, {@link Pricing}), run in an
 * application context with the starter's auto-configuration and two worker processes. Their text is
 * checked against the markdown by the core's {@code DocumentationSnippetsTests}.
 */
@ExtendWith(NoLeftoversExtension.class)
class ReadmeSpringExamplesIT {

    private static final long HERE = ProcessHandle.current().pid();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MultiprocessAutoConfiguration.class,
            MultiprocessPoolAutoConfiguration.class, ParallelMapAutoConfiguration.class))
        .withPropertyValues("multiprocess.pool.processes=2", "multiprocess.child.jvm-options=-Xmx128m");

    @Test
    void quickStartRendersInWorkers() {
        runner.withBean(ReportRenderer.class).run(context -> {
            List<Integer> ids = IntStream.rangeClosed(1, 25).boxed().toList();
            List<String> reports = context.getBean(ReportRenderer.class).render(ids);
            assertThat(reports).hasSize(25);
            assertThat(reports.get(0)).startsWith("report 1 rendered by pid ");
            assertThat(reports.get(24)).startsWith("report 25 rendered by pid ");
            assertThat(reports).noneMatch(r -> r.endsWith("pid " + HERE));
        });
    }

    @Test
    void parallelMapQuotesInWorkersWithTheBeansCollaborators() {
        runner.withBean(PricingProperties.class, () -> new PricingProperties(10))
            .withBean(TaxRules.class)
            .withBean(Pricing.class)
            .run(context -> {
                List<Order> orders = IntStream.range(0, 250).mapToObj(i -> new Order("item-" + i, 1000)).toList();
                List<Quote> quotes = context.getBean(Pricing.class).quote(orders);
                assertThat(quotes).hasSize(250);
                assertThat(quotes.get(249).item()).isEqualTo("item-249");
                assertThat(quotes).allSatisfy(q -> {
                    assertThat(q.cents()).isEqualTo(1100 + 220);
                    assertThat(q.pid()).isNotEqualTo(HERE);
                });
            });
    }
}
