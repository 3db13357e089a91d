package io.multiprocess.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.MultiprocessException;
import io.multiprocess.internal.posix.Sockets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResourceSharerTests {

    @Test
    void aShareIsRedeemedAnyNumberOfTimesUntilRevoked() {
        try (Pipe pipe = Pipe.open(true)) {
            int before = ResourceSharer.pending();
            ResourceSharer.Share share = ResourceSharer.share(pipe.second().fileno());
            assertThat(ResourceSharer.pending()).isEqualTo(before + 1);
            int first = share.ticket().redeem();
            int second = share.ticket().redeem();
            assertThat(first).isNotEqualTo(second).isNotEqualTo(pipe.second().fileno());
            Sockets.close(first);
            Sockets.close(second);
            share.revoke();
            share.revoke();
            assertThat(ResourceSharer.pending()).isEqualTo(before);
            assertThatThrownBy(() -> share.ticket().redeem())
                    .isInstanceOf(MultiprocessException.class)
                    .hasMessageContaining("can no longer be received");
        }
    }

    @Test
    void aOneTimeShareIsGoneAfterItsRedemption() {
        try (Pipe pipe = Pipe.open(true)) {
            int before = ResourceSharer.pending();
            ResourceSharer.Share share = ResourceSharer.shareOnce(pipe.second().fileno());
            Sockets.close(share.ticket().redeem());
            assertThat(ResourceSharer.pending()).isEqualTo(before);
            assertThatThrownBy(() -> share.ticket().redeem()).isInstanceOf(MultiprocessException.class);
        }
    }

    @Test
    void stopRevokesEveryShareRemovesTheSocketAndEndsTheThread() throws Exception {
        try (Pipe pipe = Pipe.open(true)) {
            ResourceSharer.Share share = ResourceSharer.share(pipe.second().fileno());
            assertThat(ResourceSharer.isRunning()).isTrue();
            Path socket = Path.of(share.ticket().path());
            assertThat(socket).exists();
            assertThat(ResourceSharer.stop(Duration.ofSeconds(30))).isTrue();
            assertThat(ResourceSharer.isRunning()).isFalse();
            assertThat(ResourceSharer.pending()).isZero();
            assertThat(socket).doesNotExist();
            assertThatThrownBy(() -> share.ticket().redeem()).isInstanceOf(MultiprocessException.class);
            assertThat(ResourceSharer.stop(Duration.ofSeconds(1))).isTrue();
            ResourceSharer.Share again = ResourceSharer.share(pipe.second().fileno());
            Sockets.close(again.ticket().redeem());
            again.revoke();
        }
    }
}
