package io.multiprocess.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class path of children of a Spring Boot executable jar, and the private cache it is extracted into. */
class ChildClassPathTests {

    @TempDir
    Path dir;

    private String cacheBefore;

    @BeforeEach
    void useATemporaryCache() {
        cacheBefore = System.getProperty(CacheDirectory.PROPERTY);
        System.setProperty(CacheDirectory.PROPERTY, dir.resolve("cache").toString());
    }

    @AfterEach
    void restoreTheCache() {
        if (cacheBefore == null) {
            System.clearProperty(CacheDirectory.PROPERTY);
        } else {
            System.setProperty(CacheDirectory.PROPERTY, cacheBefore);
        }
    }

    @Test
    void anExecutableJarBecomesItsClassesAndItsLibrariesInIndexOrder() throws IOException {
        Path jar = bootJar("app.jar");
        List<String> classPath = ChildClassPath.executableJarClassPath(jar).orElseThrow();
        assertThat(classPath).hasSize(3);
        assertThat(classPath.get(0)).endsWith("/classes.jar");
        assertThat(classPath.get(1)).endsWith("/lib/second.jar");
        assertThat(classPath.get(2)).endsWith("/lib/first.jar");
        try (JarFile classes = new JarFile(classPath.get(0))) {
            assertThat(classes.getEntry("com/acme/App.class")).isNotNull();
            assertThat(new String(
                            classes.getInputStream(classes.getEntry("application.yml"))
                                    .readAllBytes(),
                            StandardCharsets.UTF_8))
                    .isEqualTo("name: app");
            assertThat(classes.getEntry("BOOT-INF/classes/com/acme/App.class")).isNull();
        }
        assertThat(Path.of(classPath.get(1))).hasBinaryContent("second".getBytes(StandardCharsets.UTF_8));
        assertThat(ChildClassPath.executableJarClassPath(jar)).contains(classPath);
    }

    @Test
    void aRebuiltJarIsExtractedAgain() throws IOException {
        Path jar = bootJar("app.jar");
        List<String> first = ChildClassPath.executableJarClassPath(jar).orElseThrow();
        Files.setLastModifiedTime(
                jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5_000));
        List<String> second = ChildClassPath.executableJarClassPath(jar).orElseThrow();
        assertThat(second.get(0)).isNotEqualTo(first.get(0));
    }

    @Test
    void anOrdinaryJarIsNotExtracted() throws IOException {
        Path jar = dir.resolve("plain.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), new Manifest())) {
            out.putNextEntry(new JarEntry("a/B.class"));
        }
        assertThat(ChildClassPath.executableJarClassPath(jar)).isEmpty();
    }

    @Test
    void theCacheIsPrivateAndAForeignOrOpenDirectoryIsRefused() throws IOException {
        Path cds = CacheDirectory.subdirectory("cds").orElseThrow();
        assertThat(Files.getPosixFilePermissions(cds)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(cds, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(CacheDirectory.subdirectory("cds")).isEmpty();
    }

    private Path bootJar(String name) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, "org.springframework.boot.loader.launch.JarLauncher");
        main.putValue("Spring-Boot-Classes", "BOOT-INF/classes/");
        main.putValue("Spring-Boot-Lib", "BOOT-INF/lib/");
        main.putValue("Spring-Boot-Classpath-Index", "BOOT-INF/classpath.idx");
        Path jar = dir.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            entry(out, "BOOT-INF/classes/com/acme/App.class", "cafebabe");
            entry(out, "BOOT-INF/classes/application.yml", "name: app");
            entry(out, "BOOT-INF/lib/first.jar", "first");
            entry(out, "BOOT-INF/lib/second.jar", "second");
            entry(out, "BOOT-INF/classpath.idx", "- \"BOOT-INF/lib/second.jar\"\n- \"BOOT-INF/lib/first.jar\"\n");
            entry(out, "org/springframework/boot/loader/launch/JarLauncher.class", "loader");
        }
        return jar;
    }

    private static void entry(JarOutputStream out, String name, String content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(content.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }
}
