package io.multiprocess.spring.test;

import io.multiprocess.StartMethod;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings that apply to Spring tests only, under {@code multiprocess.test}: read by the test framework
 * (Spring's TestContext, as in {@code @SpringBootTest}) when it builds an application context, never by
 * a running application. Set them in {@code src/test/resources/application.properties} for every test,
 * or per test class in {@code @SpringBootTest(properties = ...)}; {@link AutoConfigureMultiprocess} on a
 * class wins over them.
 */
@ConfigurationProperties(prefix = "multiprocess.test")
public class MultiprocessTestProperties {

    /**
     * Start method of the application's ProcessContext, Pool and SyncManager beans in tests, over
     * multiprocess.start-method: "thread" runs them on threads of the test JVM (fast, no child JVM);
     * "spawn" or "forkserver" forces real processes. Empty: multiprocess.start-method applies.
     */
    private @Nullable StartMethod startMethod;

    /** Settings with nothing set. */
    public MultiprocessTestProperties() {}

    /**
     * The start method that tests use instead of {@code multiprocess.start-method}.
     *
     * @return the start method, or null to keep the application's
     */
    public @Nullable StartMethod getStartMethod() {
        return startMethod;
    }

    /**
     * Sets the start method that tests use instead of {@code multiprocess.start-method}.
     *
     * @param startMethod the start method, or null to keep the application's
     */
    public void setStartMethod(@Nullable StartMethod startMethod) {
        this.startMethod = startMethod;
    }
}
