package io.multiprocess.spring.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every {@code multiprocess.*} key of a {@code yaml} or {@code properties} block of the README files is a
 * property this module declares (in the configuration metadata generated at compile time), so that
 * no documented setting is silently ignored. The Java blocks are checked by the core's
 * {@code DocumentationSnippetsTests}. Paths are relative to this module's directory.
 */
class DocumentedPropertiesTests {

    static final List<Path> MARKDOWN = List.of(
        Path.of("../README.md"),
        Path.of("README.md"),
        Path.of("../multiprocess-core/README.md"),
        Path.of("../sample-app/README.md"));

    private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern FENCE = Pattern.compile("^```(\\w*)\\s*$");

    @Test
    void everyDocumentedKeyIsADeclaredProperty() throws IOException {
        Set<String> declared = declaredProperties();
        assertThat(declared).contains("multiprocess.pool.processes");
        List<String> unknown = new ArrayList<>();
        for (Path markdown : MARKDOWN) {
            for (String key : documentedKeys(Files.readString(markdown))) {
                if (key.startsWith("multiprocess.") && !declared.contains(key)) {
                    unknown.add(markdown + ": " + key);
                }
            }
        }
        assertThat(unknown).as("documented keys that no property declares").isEmpty();
    }

    @Test
    void keysAreReadFromYamlAndPropertiesBlocks() {
        String markdown = """
            ```yaml
            multiprocess:
              start-method: spawn   # a comment
              child:
                jvm-options:
                  - -Xmx256m
            ```
            ```properties
            multiprocess.pool.processes=4
            ```
            """;
        assertThat(documentedKeys(markdown))
            .containsExactly("multiprocess.start-method", "multiprocess.child.jvm-options", "multiprocess.pool.processes");
    }

    /** The names in every generated metadata file on the class path (this module's and the tests' own). */
    private static Set<String> declaredProperties() throws IOException {
        Set<String> declared = new LinkedHashSet<>();
        Enumeration<URL> files = DocumentedPropertiesTests.class.getClassLoader()
            .getResources("META-INF/spring-configuration-metadata.json");
        while (files.hasMoreElements()) {
            try (InputStream in = files.nextElement().openStream()) {
                Matcher names = NAME.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                while (names.find()) {
                    declared.add(names.group(1));
                }
            }
        }
        return declared;
    }

    /** The full keys of the leaves of every yaml/yml/properties block. */
    static List<String> documentedKeys(String markdown) {
        List<String> keys = new ArrayList<>();
        String language = null;
        List<String> block = new ArrayList<>();
        for (String line : markdown.split("\n")) {
            Matcher fence = FENCE.matcher(line.strip());
            if (fence.matches()) {
                if (language == null) {
                    language = fence.group(1);
                    block.clear();
                } else {
                    if (language.equals("yaml") || language.equals("yml")) {
                        keys.addAll(yamlKeys(block));
                    } else if (language.equals("properties")) {
                        block.stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                            .map(l -> l.split("[=:]", 2)[0].strip()).forEach(keys::add);
                    }
                    language = null;
                }
            } else if (language != null) {
                block.add(line);
            }
        }
        return keys;
    }

    private static List<String> yamlKeys(List<String> lines) {
        List<String> keys = new ArrayList<>();
        List<Integer> indents = new ArrayList<>();
        List<String> path = new ArrayList<>();
        String pending = null;
        for (String raw : lines) {
            String line = raw.replaceAll("\\s+#.*$", "");
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            String text = line.strip();
            if (text.startsWith("- ")) {
                if (pending != null) {
                    keys.add(pending);
                    pending = null;
                }
                continue;
            }
            while (!indents.isEmpty() && indents.get(indents.size() - 1) >= indent) {
                indents.remove(indents.size() - 1);
                path.remove(path.size() - 1);
            }
            int colon = text.indexOf(':');
            String key = text.substring(0, colon).strip();
            String value = text.substring(colon + 1).strip();
            String full = path.isEmpty() ? key : String.join(".", path) + "." + key;
            pending = null;
            if (value.isEmpty()) {
                indents.add(indent);
                path.add(key);
                pending = full;
            } else {
                keys.add(full);
            }
        }
        return keys;
    }
}
