package io.multiprocess.spring.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.spring.autoconfigure.MultiprocessAutoConfiguration;
import io.multiprocess.spring.autoconfigure.MultiprocessPoolAutoConfiguration;
import io.multiprocess.spring.autoconfigure.ParallelMapAutoConfiguration;
import io.multiprocess.spring.test.AutoConfigureMultiprocess;
import io.multiprocess.spring.test.NoLeftovers;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

// The test example of the root README's Spring Boot section: the quick start's service on threads.
// tag::spring-test[]
@NoLeftovers                    // fails a test that leaves a process, a segment or a socket file
@SpringBootTest
@AutoConfigureMultiprocess      // the Pool on threads of the test JVM: no worker JVM to wait for
class ReportRendererTests {

    @Autowired
    ReportRenderer renderer;

    @Test
    void rendersEveryReport() {
        List<String> reports = renderer.render(List.of(1, 2, 3));
        assertThat(reports).hasSize(3).allMatch(report -> report.startsWith("report "));
    }
// end::spring-test[]

    @Test
    void runsOnThreadsOfTheTestJvm() {
        long here = ProcessHandle.current().pid();
        assertThat(renderer.render(List.of(1, 2, 3))).allMatch(report -> report.endsWith("pid " + here));
    }

    /** The application of the example: the starter's pool and the quick start's service. */
    @SpringBootConfiguration
    @ImportAutoConfiguration({
        MultiprocessAutoConfiguration.class,
        MultiprocessPoolAutoConfiguration.class,
        ParallelMapAutoConfiguration.class
    })
    @Import(ReportRenderer.class)
    static class Application {}
    // tag::spring-test[]
}
// end::spring-test[]
