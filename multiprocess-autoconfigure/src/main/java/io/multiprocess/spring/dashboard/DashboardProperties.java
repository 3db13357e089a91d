package io.multiprocess.spring.dashboard;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the live dashboard, under {@code multiprocess.dashboard}. The page is the actuator endpoint
 * {@code processdashboard} ({@code /actuator/processdashboard}); expose it as any endpoint
 * ({@code management.endpoints.web.exposure.include}), and it is behind the same security.
 */
@ConfigurationProperties(prefix = "multiprocess.dashboard")
public class DashboardProperties {

    /**
     * Whether to serve the dashboard (the {@code processdashboard} actuator endpoint and its page).
     */
    private boolean enabled;

    /**
     * How far back the task stream reaches.
     */
    private Duration taskWindow = Duration.ofSeconds(60);

    /**
     * How far back the throughput chart reaches (at most 5 minutes).
     */
    private Duration throughputWindow = Duration.ofMinutes(3);

    /**
     * How long dead workers stay listed.
     */
    private Duration deadWorkerWindow = Duration.ofMinutes(10);

    /**
     * How long the pools keep recording task bars after the page last asked for data; nothing is
     * recorded or sampled while nobody watches.
     */
    private Duration idleAfter = Duration.ofSeconds(30);

    /**
     * How often the page asks for data.
     */
    private Duration refresh = Duration.ofSeconds(1);

    /**
     * Whether the dashboard is served.
     *
     * @return true if it is
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Sets whether the dashboard is served.
     *
     * @param enabled true to serve it
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * How far back the task stream reaches.
     *
     * @return the window
     */
    public Duration getTaskWindow() {
        return taskWindow;
    }

    /**
     * Sets how far back the task stream reaches.
     *
     * @param taskWindow the window
     */
    public void setTaskWindow(Duration taskWindow) {
        this.taskWindow = taskWindow;
    }

    /**
     * How far back the throughput chart reaches.
     *
     * @return the window
     */
    public Duration getThroughputWindow() {
        return throughputWindow;
    }

    /**
     * Sets how far back the throughput chart reaches.
     *
     * @param throughputWindow the window (at most 5 minutes are kept)
     */
    public void setThroughputWindow(Duration throughputWindow) {
        this.throughputWindow = throughputWindow;
    }

    /**
     * How long dead workers stay listed.
     *
     * @return the window
     */
    public Duration getDeadWorkerWindow() {
        return deadWorkerWindow;
    }

    /**
     * Sets how long dead workers stay listed.
     *
     * @param deadWorkerWindow the window
     */
    public void setDeadWorkerWindow(Duration deadWorkerWindow) {
        this.deadWorkerWindow = deadWorkerWindow;
    }

    /**
     * How long recording goes on after the page last asked.
     *
     * @return the time
     */
    public Duration getIdleAfter() {
        return idleAfter;
    }

    /**
     * Sets how long recording goes on after the page last asked.
     *
     * @param idleAfter the time
     */
    public void setIdleAfter(Duration idleAfter) {
        this.idleAfter = idleAfter;
    }

    /**
     * How often the page asks for data.
     *
     * @return the period
     */
    public Duration getRefresh() {
        return refresh;
    }

    /**
     * Sets how often the page asks for data.
     *
     * @param refresh the period
     */
    public void setRefresh(Duration refresh) {
        this.refresh = refresh;
    }
}
