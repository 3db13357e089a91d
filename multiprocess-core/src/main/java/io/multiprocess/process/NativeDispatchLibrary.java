package io.multiprocess.process;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * JNA's native part, {@code libjnidispatch}, extracted once into the {@linkplain CacheDirectory cache} for
 * child JVMs: without it, every JVM that first uses JNA (every child with a pipe, a queue, a lock or shared
 * memory) copies the library out of the JNA jar into a temporary file and loads that, some 25 ms of its
 * start. Children get {@code -Djna.boot.library.path=<dir>} (unless their options set it), where JNA
 * looks first.
 *
 * <p>The directory is named by a hash of the library's bytes (read from the JNA jar once per JVM), so a
 * different JNA version gets its own copy; the file is written under a temporary name and moved into
 * place, so concurrent JVMs never load a half-written copy. When anything fails (no JNA, no cache), children
 * load JNA as usual.
 *
 * <p>Internal API.
 */
final class NativeDispatchLibrary {

    /** The system property JNA reads first. */
    static final String BOOT_PATH_PROPERTY = "jna.boot.library.path";

    private static final Object LOCK = new Object();
    private static volatile @Nullable Optional<Path> directory;

    private NativeDispatchLibrary() {}

    /**
     * The directory holding this JNA's dispatch library, extracting it on first use.
     *
     * @return the directory, or empty when it cannot be provided
     */
    static Optional<Path> directory() {
        Optional<Path> known = directory;
        if (known == null) {
            synchronized (LOCK) {
                known = directory;
                if (known == null) {
                    known = extract();
                    directory = known;
                }
            }
        }
        return known;
    }

    /**
     * The directory if it was already provided, without extracting anything.
     *
     * @return the directory, or empty
     */
    static Optional<Path> extracted() {
        Optional<Path> known = directory;
        return known == null ? Optional.empty() : known;
    }

    private static Optional<Path> extract() {
        try {
            ClassLoader loader = NativeDispatchLibrary.class.getClassLoader();
            Class<?> platform = Class.forName("com.sun.jna.Platform", true, loader);
            String prefix = (String) platform.getField("RESOURCE_PREFIX").get(null);
            String file = System.mapLibraryName("jnidispatch");
            URL resource = loader.getResource("com/sun/jna/" + prefix + "/" + file);
            Optional<Path> cache = CacheDirectory.subdirectory("jna");
            if (resource == null || cache.isEmpty()) {
                return Optional.empty();
            }
            byte[] bytes;
            try (InputStream in = resource.openStream()) {
                bytes = in.readAllBytes();
            }
            Path dir = cache.get().resolve(CacheDirectory.shortHash(bytes));
            Path library = dir.resolve(file);
            if (Files.isRegularFile(library) && Files.size(library) == bytes.length) {
                return Optional.of(dir);
            }
            Files.createDirectories(dir);
            Path partial = Files.createTempFile(dir, file, ".partial");
            try {
                Files.write(partial, bytes);
                Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
            return Optional.of(dir);
        } catch (IOException | ReflectiveOperationException | RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }
}
