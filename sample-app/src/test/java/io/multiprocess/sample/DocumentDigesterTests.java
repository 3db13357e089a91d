package io.multiprocess.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.spring.test.AutoConfigureMultiprocess;
import io.multiprocess.spring.test.NoLeftovers;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The digest logic of the service, fast: {@link AutoConfigureMultiprocess} runs the pool and the manager on
 * threads of the test JVM, so no worker JVM starts; {@link NoLeftovers} checks that the test leaves no
 * process, segment or socket file. {@code SampleApplicationIT} runs the same service on real processes.
 */
@NoLeftovers
@SpringBootTest
@AutoConfigureMultiprocess
class DocumentDigesterTests {

    @Autowired
    DocumentDigester digester;

    @Autowired
    SharedState state;

    @Test
    void digestsEachDocumentInOrderAndCountsItsProgress() {
        List<DocumentSpec> documents = IntStream.range(0, 3)
                .mapToObj(i -> new DocumentSpec("fast-test", i, 42 + i, 4))
                .toList();

        List<DocumentDigest> digests = digester.digest(documents);

        assertThat(digests).extracting(DocumentDigest::index).containsExactly(0, 1, 2);
        assertThat(digests).allSatisfy(digest -> {
            assertThat(digest.sha256()).hasSize(64);
            assertThat(digest.bytes()).isEqualTo(4 * 1024);
            assertThat(digest.pid()).isEqualTo(ProcessHandle.current().pid());
        });
        assertThat(state.progress().get("fast-test")).isEqualTo(3);
    }

    @Test
    void digestsAreReproducibleFromTheSeed() {
        DocumentSpec spec = new DocumentSpec("again", 0, 7, 2);
        assertThat(digester.digest(List.of(spec)).get(0).sha256())
                .isEqualTo(digester.digest(List.of(spec)).get(0).sha256());
    }
}
