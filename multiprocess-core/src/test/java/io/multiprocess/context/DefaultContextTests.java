package io.multiprocess.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.ProcessStateException;
import io.multiprocess.StartMethod;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The process-wide default context, and a child's inherited one, deserialized only when used. */
class DefaultContextTests {

    @Test
    void anInheritedContextIsMadeOnFirstUseOnly() {
        ProcessContext before = DefaultContext.get();
        try {
            AtomicInteger made = new AtomicInteger();
            DefaultContext.inherit(() -> {
                made.incrementAndGet();
                return ProcessContext.of(StartMethod.FORKSERVER).withForkserverSpares(3);
            });
            assertThat(made).hasValue(0);
            assertThat(DefaultContext.isSet()).isTrue();
            assertThatThrownBy(() -> DefaultContext.set(ProcessContext.of(StartMethod.SPAWN), false))
                .isInstanceOf(ProcessStateException.class).hasMessageContaining("forkserver");
            assertThat(made).hasValue(1);
            assertThat(DefaultContext.get().forkserverSpares()).isEqualTo(3);
            assertThat(made).hasValue(1);
        } finally {
            DefaultContext.set(before, true);
        }
    }

    @Test
    void forkserverSettingsAreCheckedAndShown() {
        ProcessContext ctx = ProcessContext.of(StartMethod.FORKSERVER);
        assertThat(ctx.forkserverSpares()).isEqualTo(ProcessContext.DEFAULT_FORKSERVER_SPARES);
        assertThat(ctx.withForkserverPreload("a.B", " c.D ").forkserverPreload()).containsExactly("a.B", "c.D");
        assertThat(ctx.withForkserverSpares(0).withForkserverPreload("a.B").toString())
            .contains("forkserver").contains("spares=0").contains("preload=[a.B]");
        assertThatThrownBy(() -> ctx.withForkserverSpares(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ctx.withForkserverSpares(65)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ctx.withForkserverPreload("a.B", " ")).isInstanceOf(IllegalArgumentException.class);
    }
}
