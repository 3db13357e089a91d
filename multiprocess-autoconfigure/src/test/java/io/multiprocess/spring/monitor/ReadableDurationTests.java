package io.multiprocess.spring.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReadableDurationTests {

    @Test
    void durationsReadInTheirTwoLargestUnits() {
        assertThat(ReadableDuration.of(Duration.parse("PT1M42.014555213S"))).isEqualTo("1m 42s");
        assertThat(ReadableDuration.ofMillis(850)).isEqualTo("850 ms");
        assertThat(ReadableDuration.ofMillis(4_250)).isEqualTo("4.2 s");
        assertThat(ReadableDuration.ofMillis(42_000)).isEqualTo("42s");
        assertThat(ReadableDuration.of(Duration.ofMinutes(185))).isEqualTo("3h 5m");
        assertThat(ReadableDuration.of(Duration.ofHours(52))).isEqualTo("2d 4h");
        assertThat(ReadableDuration.of(Duration.ofSeconds(-3))).isEqualTo("0 ms");
        assertThat(ReadableDuration.of(null)).isNull();
    }
}
