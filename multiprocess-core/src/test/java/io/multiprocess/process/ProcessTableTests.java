package io.multiprocess.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The process table's bookkeeping, without starting processes. */
class ProcessTableTests {

    /**
     * A pool closes a finished worker on one thread while another thread starts the next worker, whose
     * {@code start()} first forgets ended children. {@code close()} marks the object closed before it
     * leaves the table (and a concurrent iteration may still yield it afterwards): the table must treat
     * such a child as ended, not ask its public accessors, which throw "Process object ... is closed"
     * into the unrelated start.
     */
    @Test
    void aChildClosedWhileStillListedCountsAsEndedInsteadOfFailingTheNextStart() {
        ChildProcess closedMeanwhile = new ChildProcess("ClosedWhileListed", () -> {});
        closedMeanwhile.setDaemon(true);
        closedMeanwhile.close();
        // The state a concurrent close leaves for an instant: closed, still listed.
        ProcessTable.register(closedMeanwhile);

        List<ChildProcess> alive = ProcessTable.activeChildren();

        assertThat(alive).doesNotContain(closedMeanwhile);
        assertThat(ProcessTable.activeChildren()).doesNotContain(closedMeanwhile);
    }
}
