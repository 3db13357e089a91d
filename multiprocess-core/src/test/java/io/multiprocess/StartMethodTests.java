package io.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Start methods by their Python names, and the refusal of "fork". */
class StartMethodTests {

    @Test
    void pythonNamesParseCaseInsensitively() {
        assertThat(StartMethod.of("spawn")).isEqualTo(StartMethod.SPAWN);
        assertThat(StartMethod.of(" ForkServer ")).isEqualTo(StartMethod.FORKSERVER);
        assertThat(StartMethod.of("thread")).isEqualTo(StartMethod.THREAD);
        assertThat(StartMethod.FORKSERVER.pythonName()).isEqualTo("forkserver");
    }

    @Test
    void forkIsRefusedWithTheReasonAndTheAlternatives() {
        assertThatThrownBy(() -> StartMethod.of("fork"))
                .isInstanceOf(UnsupportedStartMethodException.class)
                .hasMessageContaining("cannot be forked")
                .hasMessageContaining("'forkserver'")
                .hasMessageContaining("'spawn'")
                .hasMessageContaining("'thread'");
        assertThatThrownBy(() -> Multiprocess.getContext("fork")).isInstanceOf(UnsupportedStartMethodException.class);
        assertThatThrownBy(() -> Multiprocess.setStartMethod("fork", true))
                .isInstanceOf(UnsupportedStartMethodException.class);
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        assertThatThrownBy(() -> StartMethod.of("vfork"))
                .isInstanceOf(UnsupportedStartMethodException.class)
                .hasMessageContaining("vfork")
                .hasMessageContaining("spawn, forkserver, thread");
        assertThatThrownBy(() -> StartMethod.of("dummy")).hasMessageContaining("multiprocessing.dummy");
    }

    @Test
    void theProcessBasedMethodsAreWhatPythonLists() {
        assertThat(StartMethod.processBased()).containsExactly(StartMethod.SPAWN, StartMethod.FORKSERVER);
        assertThat(Multiprocess.getAllStartMethods()).containsExactly("spawn", "forkserver");
    }

    @Test
    void theFacadeExposesTheSpawnHelpers() {
        assertThat(Multiprocess.getExecutable()).hasFileName("java").isExecutable();
        assertThat(Multiprocess.getCommandLine())
                .first()
                .isEqualTo(Multiprocess.getExecutable().toString());
        assertThat(Multiprocess.getCommandLine()).last().isEqualTo("io.multiprocess.process.ChildMain");
        Multiprocess.freezeSupport();
    }
}
