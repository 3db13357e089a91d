package io.multiprocess.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.pool.Pool;
import io.multiprocess.spring.monitor.PoolActivity;
import io.multiprocess.testing.NoLeftoversExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Pools built from a context get an activity each, named as their metrics, and drop off after they end. */
@ExtendWith(NoLeftoversExtension.class)
class ContextPoolActivitiesTests {

    private static final Duration WINDOW = Duration.ofMinutes(10);

    @Test
    void aPoolBuiltAtRunTimeIsWatchedUntilItEndedLongerThanTheWindow() {
        AtomicLong millis = new AtomicLong(1_000_000);
        ContextPoolActivities activities = new ContextPoolActivities(new StepClock(millis));
        activities.afterSingletonsInstantiated();
        try (ProcessContext context =
                Multiprocess.getContext("spawn").withPoolCustomizer(activities).scoped()) {
            var excludedBuilder = context.poolBuilder().processes(1);
            activities.exclude(excludedBuilder);
            Pool pool = context.pool(1);
            Pool excluded = excludedBuilder.build();
            try {
                long pid = pool.apply(() -> ProcessHandle.current().pid());
                assertThat(activities.activities(WINDOW)).singleElement().satisfies(activity -> {
                    assertThat(activity.poolName()).isEqualTo("pool-1");
                    assertThat(activity.liveWorkers()).containsKey(pid);
                    assertThat(activity.stats())
                            .hasValueSatisfying(
                                    stats -> assertThat(stats.processes()).isEqualTo(1));
                });
            } finally {
                pool.terminate();
                pool.join(Duration.ofSeconds(30));
                excluded.terminate();
                excluded.join(Duration.ofSeconds(30));
            }
            PoolActivity ended = activities.activities(WINDOW).get(0);
            assertThat(ended.stats())
                    .hasValueSatisfying(
                            stats -> assertThat(stats.state().name()).isEqualTo("TERMINATED"));
            millis.addAndGet(WINDOW.toMillis());
            assertThat(activities.activities(WINDOW)).as("within the window").containsExactly(ended);
            millis.incrementAndGet();
            assertThat(activities.activities(WINDOW)).as("after the window").isEmpty();
        }
    }

    @Test
    void aPoolBeanBuiltDuringStartUpIsNamedAfterItsBean() {
        ContextPoolActivities activities = new ContextPoolActivities();
        try (ProcessContext context =
                Multiprocess.getContext("thread").withPoolCustomizer(activities).scoped()) {
            Pool bean = context.pool(1);
            Pool other = context.pool(1);
            activities.postProcessAfterInitialization(bean, "reportPool");
            activities.afterSingletonsInstantiated();
            Pool later = context.pool(1);
            assertThat(activities.activities(WINDOW))
                    .extracting(PoolActivity::poolName)
                    .containsExactly("reportPool", "pool-1", "pool-2");
            PoolActivity ownActivity = new PoolActivity("own", () -> java.util.Optional.of(other));
            assertThat(activities.activities(WINDOW, List.of(ownActivity)))
                    .as("a pool with an activity of its own shows once")
                    .extracting(PoolActivity::poolName)
                    .containsExactly("reportPool", "pool-2");
            bean.terminate();
            other.terminate();
            later.terminate();
        }
    }

    @Test
    void aPoolPerRequestKeepsAtMostTheCapacityOfEndedPoolsWithoutAReading() {
        ContextPoolActivities activities = new ContextPoolActivities();
        activities.afterSingletonsInstantiated();
        try (ProcessContext context =
                Multiprocess.getContext("thread").withPoolCustomizer(activities).scoped()) {
            for (int i = 0; i < ContextPoolActivities.ENDED_CAPACITY + 8; i++) {
                Pool pool = context.pool(1);
                pool.terminate();
                pool.join(Duration.ofSeconds(10));
            }
            Pool live = context.pool(1);
            List<PoolActivity> kept = activities.activities(WINDOW);
            assertThat(kept).hasSize(ContextPoolActivities.ENDED_CAPACITY + 1);
            assertThat(kept.get(kept.size() - 1).poolName())
                    .isEqualTo("pool-" + (ContextPoolActivities.ENDED_CAPACITY + 9));
            assertThat(kept.get(0).poolName()).isEqualTo("pool-9");
            live.terminate();
        }
    }

    /** A clock that reads a counter. */
    private static final class StepClock extends Clock {
        private final AtomicLong millis;

        StepClock(AtomicLong millis) {
            this.millis = millis;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }
}
