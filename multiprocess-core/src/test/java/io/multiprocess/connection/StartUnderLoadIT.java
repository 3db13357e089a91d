package io.multiprocess.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.Multiprocess;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.queues.ProcessQueue;
import io.multiprocess.testing.ChildFiles;
import io.multiprocess.testing.NoLeftoversExtension;
import io.multiprocess.util.ProcessTempDir;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Children that fetch a queue from their parent on a saturated machine, while requesters starved of CPU
 * hold connections to the parent's resource sharer: load makes their start slow, never failed. Before,
 * the sharer served one request at a time with a 10 s deadline, and such children exited with status 2.
 */
@ExtendWith(NoLeftoversExtension.class)
class StartUnderLoadIT {

    private static final Duration LIMIT = ChildFiles.TIMEOUT;

    @Test
    @Timeout(400)
    void childrenStartAndGetTheirItemsOnASaturatedMachineWithSlowRequestersAtTheSharer() throws Exception {
        ProcessQueue<Integer> tasks = Multiprocess.queue(0);
        ProcessQueue<Integer> results = Multiprocess.queue(0);
        List<Process> burners = new ArrayList<>();
        List<SocketChannel> slowRequesters = new ArrayList<>();
        List<ChildProcess> children = new ArrayList<>();
        try {
            // Warm-up: the sharer serves, so its socket exists.
            tasks.put(-1);
            ChildProcess warm =
                    Multiprocess.getContext().process((in, out) -> out.put(in.get(LIMIT), LIMIT), tasks, results);
            warm.start();
            assertThat(results.get(LIMIT)).isEqualTo(-1);
            assertThat(warm.join(LIMIT)).isTrue();

            for (int i = 0; i < 8; i++) {
                burners.add(new ProcessBuilder("sh", "-c", "while :; do :; done")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start());
            }
            // Requesters starved of CPU: they connect to the sharer and do not send their request yet.
            Path sharer = ProcessTempDir.get().resolve("sharer.sock");
            for (int i = 0; i < 4; i++) {
                slowRequesters.add(SocketChannel.open(UnixDomainSocketAddress.of(sharer)));
            }
            int count = 6;
            for (int i = 0; i < count; i++) {
                tasks.put(i);
                ChildProcess child =
                        Multiprocess.getContext().process((in, out) -> out.put(in.get(LIMIT), LIMIT), tasks, results);
                child.start();
                children.add(child);
            }
            Set<Integer> received = new HashSet<>();
            for (ChildProcess child : children) {
                assertThat(child.join(Duration.ofSeconds(240))).isTrue();
                assertThat(child.exitCode()).as(child.toString()).hasValue(0);
            }
            for (int i = 0; i < count; i++) {
                received.add(results.get(LIMIT));
            }
            assertThat(received).hasSize(count);
        } finally {
            for (Process burner : burners) {
                burner.destroyForcibly();
            }
            for (Process burner : burners) {
                burner.waitFor();
            }
            for (SocketChannel requester : slowRequesters) {
                requester.close();
            }
            for (ChildProcess child : children) {
                child.kill();
                child.join(LIMIT);
            }
            tasks.close();
            results.close();
        }
    }
}
