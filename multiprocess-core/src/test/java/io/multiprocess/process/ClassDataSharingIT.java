package io.multiprocess.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.multiprocess.Multiprocess;
import io.multiprocess.testing.ChildFiles;
import io.multiprocess.testing.NoLeftoversExtension;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data-sharing archive of child JVMs, for a program whose class path is made of jars (as a
 * packaged application's is; the test JVM's class path holds directories, which JDK class-data sharing
 * refuses, so the scenario runs in a JVM of its own).
 */
@ExtendWith(NoLeftoversExtension.class)
class ClassDataSharingIT {

    @TempDir
    Path dir;

    @Test
    void theFirstChildStartsTheTrainingAndLaterChildrenMapTheArchive() throws Exception {
        String classes = runClient(null, Runtime.version().feature() >= 25 ? ".aot" : ".jsa");
        // "(top)" on JDK 17 to 24: the dynamic archive on top of the JDK's; an AOT cache on 25+ is one file.
        assertThat(classes)
                .contains("io.multiprocess.process.ChildMain source: shared objects file")
                .contains("com.esotericsoftware.kryo.Kryo source: shared objects file");
    }

    @Test
    void onJdk25AndLaterTheArchiveIsAnAotCache() throws Exception {
        Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
        assumeTrue(Files.isExecutable(jdk25), "no Temurin 25 on this machine");
        String classes = runClient(jdk25, ".aot");
        assertThat(classes)
                .contains("io.multiprocess.process.ChildMain source: shared objects file")
                .contains("com.esotericsoftware.kryo.Kryo source: shared objects file");
    }

    @Test
    void aClassPathWithDirectoriesGetsNoArchive() {
        // This JVM's own class path: target/test-classes and target/classes are directories.
        assertThat(System.getProperty("java.class.path")).contains("test-classes");
        assertThat(Multiprocess.getContext("spawn").commandLine())
                .noneMatch(option -> option.startsWith("-XX:SharedArchiveFile") || option.startsWith("-XX:AOTCache"));
    }

    /** Runs {@link CdsClient} with a jars-only class path; returns the class-loading log of its second child. */
    private String runClient(Path executable, String archiveSuffix) throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path cache = dir.resolve("cache");
        List<String> command = new ArrayList<>(List.of(
                JavaRuntimes.parentExecutable().toString(),
                "-D" + CacheDirectory.PROPERTY + "=" + cache,
                "-cp",
                jarsOnlyClassPath(),
                CdsClient.class.getName(),
                out.toString()));
        if (executable != null) {
            command.add(executable.toString());
        }
        Process client = new ProcessBuilder(command).inheritIO().start();
        assertThat(client.waitFor(ChildFiles.TIMEOUT.toSeconds() * 3, TimeUnit.SECONDS))
                .isTrue();
        assertThat(client.exitValue()).isZero();
        assertThat(Files.readString(out.resolve("exit.txt"))).isEqualTo("0,0");
        assertThat(Files.readString(out.resolve("before.txt"))).doesNotContain("-XX:SharedArchiveFile", "-XX:AOTCache");
        assertThat(Files.readString(out.resolve("after.txt")))
                .contains(cache.resolve("cds").toString())
                .contains(archiveSuffix);
        try (Stream<Path> archives = Files.list(cache.resolve("cds"))) {
            assertThat(archives.map(p -> p.getFileName().toString()).toList())
                    .singleElement()
                    .asString()
                    .endsWith(archiveSuffix);
        }
        return Files.readString(out.resolve("classes.txt"));
    }

    /** This JVM's class path with every directory packed into a jar. */
    private String jarsOnlyClassPath() throws IOException {
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : ChildClassPath.entries(System.getProperty("java.class.path"))) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                Path jar = dir.resolve("dir" + n++ + ".jar");
                pack(path, jar);
                entries.add(jar.toString());
            } else if (entry.endsWith(".jar")) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void pack(Path directory, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(
                        new JarEntry(directory.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }
}
