package io.multiprocess.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.StartMethod;
import org.junit.jupiter.api.Test;

/** Forkserver settings of a context. */
class ForkserverSettingsTests {

    @Test
    void forkserverSettingsTravelWithTheContext() {
        ProcessContext ctx = ProcessContext.of(StartMethod.FORKSERVER)
                .withForkserverSpares(3)
                .withForkserverPreload("a.B");
        ProcessContext copy =
                (ProcessContext) ctx.serializer().deserialize(ctx.serializer().serialize(ctx));
        assertThat(copy.forkserverSpares()).isEqualTo(3);
        assertThat(copy.forkserverPreload()).containsExactly("a.B");
        assertThat(copy.startMethod()).isEqualTo(StartMethod.FORKSERVER);
    }

    @Test
    void forkserverSettingsAreCheckedAndShown() {
        ProcessContext ctx = ProcessContext.of(StartMethod.FORKSERVER);
        assertThat(ctx.forkserverSpares()).isEqualTo(ProcessContext.DEFAULT_FORKSERVER_SPARES);
        assertThat(ctx.withForkserverPreload("a.B", " c.D ").forkserverPreload())
                .containsExactly("a.B", "c.D");
        assertThat(ctx.withForkserverSpares(0).withForkserverPreload("a.B").toString())
                .contains("forkserver")
                .contains("spares=0")
                .contains("preload=[a.B]");
        assertThatThrownBy(() -> ctx.withForkserverSpares(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ctx.withForkserverSpares(65)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ctx.withForkserverPreload("a.B", " ")).isInstanceOf(IllegalArgumentException.class);
    }
}
