package io.multiprocess.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a child does with its parent's SLF4J setting, at start-up (the property side of it). */
class InheritedLoggingTests {

    private static final String VERBOSITY = "slf4j.internal.verbosity";
    private static final String PROVIDER = "slf4j.provider";

    @AfterEach
    void clear() {
        System.clearProperty(InheritedLogging.FORWARD_LOGS_PROPERTY);
        System.clearProperty(VERBOSITY);
        System.clearProperty(PROVIDER);
    }

    @Test
    void aParentWithoutABackEndMakesItsChildrenQuiet() {
        InheritedLogging.adoptForwarding(InheritedLogging.QUIET);
        assertThat(System.getProperty(VERBOSITY)).isEqualTo("ERROR");
        assertThat(System.getProperty(PROVIDER)).isNull();
        assertThat(System.getProperty(InheritedLogging.FORWARD_LOGS_PROPERTY)).isEqualTo(InheritedLogging.QUIET);
    }

    @Test
    void forwardingChoosesTheForwardingBackEndUnlessTheChildChoseOne() {
        InheritedLogging.adoptForwarding("INFO:/tmp/x.sock");
        assertThat(System.getProperty(PROVIDER)).isEqualTo(InheritedLogging.FORWARDING_PROVIDER);
        assertThat(System.getProperty(VERBOSITY)).isEqualTo("WARN");
        clear();

        System.setProperty(PROVIDER, "my.Provider");
        InheritedLogging.adoptForwarding("INFO:/tmp/x.sock");
        assertThat(System.getProperty(PROVIDER)).isEqualTo("my.Provider");
    }

    @Test
    void thePropertyNamesTheUtilClass() throws ClassNotFoundException {
        assertThat(Class.forName(InheritedLogging.FORWARDING_PROVIDER).getName())
                .isEqualTo(InheritedLogging.FORWARDING_PROVIDER);
    }
}
