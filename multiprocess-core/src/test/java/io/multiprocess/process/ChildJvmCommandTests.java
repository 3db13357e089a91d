package io.multiprocess.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.multiprocess.Multiprocess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line of child JVMs: the library's options, the user's after them, the class path. */
class ChildJvmCommandTests {

    private final ProcessSettings spawn = Multiprocess.getContext("spawn").settings();

    @Test
    void childrenGetTheSerialCollectorASmallInitialHeapAndArchivesAtTheirOwnAddress() {
        List<String> command = ChildJvmCommand.preview(spawn);
        assertThat(command)
                .contains("-XX:-UsePerfData", "-XX:+UseSerialGC", "-Xms8m")
                .containsSubsequence("-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0")
                .doesNotContain("-Xshare:auto");
        assertThat(command.subList(command.size() - 3, command.size()))
                .containsExactly("-cp", System.getProperty("java.class.path"), ChildJvmCommand.CHILD_MAIN);
    }

    @Test
    void aHeapOptionOfTheUserReplacesTheInitialHeap() {
        for (String heap : List.of("-Xmx4m", "-Xms64m", "-XX:MaxRAMPercentage=10", "-XX:InitialHeapSize=1g")) {
            assertThat(ChildJvmCommand.preview(spawn.withJvmOptions(heap)))
                    .as(heap)
                    .doesNotContain("-Xms8m")
                    .contains(heap, "-XX:+UseSerialGC");
        }
    }

    @Test
    void onJdk25ChildrenGetTheSerialCollectorAndTheAccessOptions() {
        Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
        assumeTrue(Files.isExecutable(jdk25), "no Temurin 25 on this machine");
        List<String> command = ChildJvmCommand.preview(spawn.withExecutable(jdk25));
        assertThat(command.get(0)).isEqualTo(jdk25.toAbsolutePath().toString());
        assertThat(command)
                .contains(
                        "-XX:+UseSerialGC",
                        "--enable-native-access=ALL-UNNAMED",
                        "--sun-misc-unsafe-memory-access=allow");
    }

    @Test
    void userOptionsComeLastAndReplaceTheLibrarysOwn() {
        List<String> command =
                ChildJvmCommand.preview(spawn.withJvmOptions("-XX:+UsePerfData", "-XX:+UseParallelGC", "-Xmx64m"));
        assertThat(command)
                .doesNotContain("-XX:-UsePerfData")
                .containsSubsequence("-XX:+UsePerfData", "-XX:+UseParallelGC", "-Xmx64m", "-cp");
        assertThat(ChildJvmCommand.withoutOverridden(
                        List.of("-XX:+UseSerialGC", "-XX:-UsePerfData"), List.of("-XX:+UseG1GC")))
                .containsExactly("-XX:-UsePerfData");
    }

    @Test
    void theLibrarysSystemPropertiesReachChildren() {
        String before = System.getProperty(CacheDirectory.PROPERTY);
        System.setProperty(CacheDirectory.PROPERTY, "/tmp/some-cache");
        try {
            assertThat(ChildJvmCommand.preview(spawn)).contains("-D" + CacheDirectory.PROPERTY + "=/tmp/some-cache");
        } finally {
            if (before == null) {
                System.clearProperty(CacheDirectory.PROPERTY);
            } else {
                System.setProperty(CacheDirectory.PROPERTY, before);
            }
        }
    }

    @Test
    void theServerIsASmallJvmOnTheChildrensClassPath() {
        List<String> command = ChildJvmCommand.serverCommand();
        assertThat(command)
                .contains("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
                .endsWith("-cp", System.getProperty("java.class.path"), ChildJvmCommand.SERVER_MAIN);
    }

    @Test
    void aServedCommandIsKeyedWithoutItsSharingOptions() {
        ChildJvmCommand.Served served = ChildJvmCommand.buildServed(spawn.withJvmOptions("-Xmx80m"));
        assertThat(served.command()).last().isEqualTo(ChildJvmCommand.CHILD_MAIN);
        assertThat(served.key()).isEqualTo(String.join("\u0000", served.command()));
        assertThat(ChildJvmCommand.buildServed(spawn.withJvmOptions("-Xmx90m")).key())
                .isNotEqualTo(served.key());
    }
}
