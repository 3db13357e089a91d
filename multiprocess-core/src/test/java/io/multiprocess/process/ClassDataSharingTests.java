package io.multiprocess.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When children get a class-data-sharing archive and what its name depends on. */
class ClassDataSharingTests {

    @TempDir
    Path dir;

    @Test
    void onlyClassPathsOfExistingJarsQualify() throws Exception {
        Path jar = Files.write(dir.resolve("a.jar"), new byte[] {1});
        Path other = Files.write(dir.resolve("b.jar"), new byte[] {2});
        assertThat(ClassDataSharing.jarsOnly(jar + File.pathSeparator + other)).isTrue();
        assertThat(ClassDataSharing.jarsOnly(jar + File.pathSeparator + dir)).isFalse();
        assertThat(ClassDataSharing.jarsOnly(dir.resolve("missing.jar").toString()))
                .isFalse();
        assertThat(ClassDataSharing.jarsOnly("")).isFalse();
    }

    @Test
    void optionsThatChooseAnArchiveOrTurnSharingOffWin() {
        assertThat(ClassDataSharing.choosesOwnArchive(List.of("-Xmx1g", "-Xshare:off")))
                .isTrue();
        assertThat(ClassDataSharing.choosesOwnArchive(List.of("-XX:SharedArchiveFile=/x.jsa")))
                .isTrue();
        assertThat(ClassDataSharing.choosesOwnArchive(List.of("-XX:AOTCache=/x.aot")))
                .isTrue();
        assertThat(ClassDataSharing.choosesOwnArchive(List.of("-Xmx1g", "-XX:+UseSerialGC")))
                .isFalse();
    }

    @Test
    void theKeyChangesWithJarsAndOptionsButNotWithPropertiesOrLogging() throws Exception {
        Path java = JavaRuntimes.parentExecutable();
        Path jar = Files.write(dir.resolve("a.jar"), new byte[] {1});
        String key = ClassDataSharing.key(java, List.of("-Xmx64m"), jar.toString());
        assertThat(ClassDataSharing.key(java, List.of("-Xmx64m", "-Dworker=3", "-Xlog:gc"), jar.toString()))
                .isEqualTo(key);
        assertThat(ClassDataSharing.key(java, List.of("-Xmx128m"), jar.toString()))
                .isNotEqualTo(key);
        Files.write(jar, new byte[] {1, 2});
        assertThat(ClassDataSharing.key(java, List.of("-Xmx64m"), jar.toString()))
                .isNotEqualTo(key);
    }
}
