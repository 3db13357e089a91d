package io.multiprocess.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the Java in the README files true: every {@code ```java} block of the checked markdown files
 * must be preceded by a marker {@code <!-- snippet: name -->} and be, line for line, the region
 * {@code name} of a test source file, marked {@code // tag::name[]} ... {@code // end::name[]} inside
 * a test that runs it ({@code ReadmeExamplesIT} and its kin). A region may be split into parts with the
 * same name (to keep assertions out of the documentation); its text is the parts joined, with their
 * common indentation removed. Blocks in other languages are not checked.
 *
 * <p>Paths are relative to this module's directory, where Maven runs tests; the check reads the other
 * modules' READMEs and test sources as files.
 */
class DocumentationSnippetsTests {

    /** The markdown files whose Java blocks must be tested regions; each must exist. */
    static final List<Path> MARKDOWN = List.of(
        Path.of("../README.md"),
        Path.of("README.md"),
        Path.of("BENCHMARKS.md"),
        Path.of("../multiprocess-autoconfigure/README.md"),
        Path.of("../sample-app/README.md"));

    /** Test source trees that hold regions; a tree that does not exist (a module folded away) is skipped. */
    static final List<Path> SOURCES = List.of(
        Path.of("src/test/java"),
        Path.of("../multiprocess-autoconfigure/src/test/java"));

    private static final Pattern TAG = Pattern.compile("^\\s*//\\s*(tag|end)::([\\w.-]+)\\[]\\s*$");
    private static final Pattern MARKER = Pattern.compile("^\\s*<!--\\s*snippet:\\s*([\\w.-]+)\\s*-->\\s*$");

    @Test
    void everyJavaBlockOfTheReadmesIsARegionOfATest() {
        List<String> problems = new ArrayList<>();
        Map<String, String> regions = regions(SOURCES, problems);
        for (Path markdown : MARKDOWN) {
            problems.addAll(check(markdown.toString(), read(markdown), regions));
        }
        assertThat(problems).as("documentation snippets").isEmpty();
    }

    @Test
    void theCheckReportsAMissingMarkerAnUnknownRegionADifferenceAndALoneMarker() {
        String source = """
            class Example {
                void run() {
                    @ tag::sum[]
                    int a = 1;
                    @ end::sum[]
                    check(a);
                    @ tag::sum[]
                    int b = a + 1;
                    @ end::sum[]
                }
            }
            """.replace("@ ", "// "); // written with @ so that this file defines no region itself
        Map<String, String> regions = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        parseRegions("Example.java", source, regions, problems);
        assertThat(problems).isEmpty();
        assertThat(regions).containsEntry("sum", "int a = 1;\nint b = a + 1;");

        String good = "<!-- snippet: sum -->\n\n```java\nint a = 1;\nint b = a + 1;\n```\n";
        assertThat(check("good.md", good, regions)).isEmpty();
        assertThat(check("bad.md", "text\n```java\nint a = 1;\n```\n", regions))
            .singleElement().asString().contains("bad.md:2").contains("no <!-- snippet: name --> marker");
        assertThat(check("bad.md", "<!-- snippet: product -->\n```java\nint a = 1;\n```\n", regions))
            .singleElement().asString().contains("unknown region 'product'");
        assertThat(check("bad.md", "<!-- snippet: sum -->\n```java\nint a = 2;\nint b = a + 1;\n```\n", regions))
            .singleElement().asString().contains("differs from region 'sum'").contains("int a = 2;");
        assertThat(check("bad.md", "<!-- snippet: sum -->\n```bash\nls\n```\n", regions))
            .singleElement().asString().contains("not followed by a java block");
    }

    /** Reads every region of the {@code .java} files under the given trees. */
    static Map<String, String> regions(List<Path> trees, List<String> problems) {
        Map<String, String> regions = new LinkedHashMap<>();
        for (Path tree : trees) {
            if (!Files.isDirectory(tree)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(tree)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    String text = read(file);
                    if (text.contains("tag::")) {
                        parseRegions(file.toString(), text, regions, problems);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return regions;
    }

    /** Adds the regions of one source file; a name defined in two files, or a region left open, is a problem. */
    static void parseRegions(String file, String text, Map<String, String> regions, List<String> problems) {
        Map<String, List<String>> parts = new LinkedHashMap<>();
        Map<String, Integer> open = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher tag = TAG.matcher(lines[i]);
            if (tag.matches()) {
                String name = tag.group(2);
                if (tag.group(1).equals("tag")) {
                    if (open.putIfAbsent(name, i + 1) != null) {
                        problems.add(file + ":" + (i + 1) + ": region '" + name + "' opened twice");
                    }
                    parts.computeIfAbsent(name, n -> new ArrayList<>());
                } else if (open.remove(name) == null) {
                    problems.add(file + ":" + (i + 1) + ": region '" + name + "' ended but not open");
                }
                continue;
            }
            for (String name : open.keySet()) {
                parts.get(name).add(lines[i]);
            }
        }
        open.forEach((name, line) -> problems.add(file + ":" + line + ": region '" + name + "' never ended"));
        parts.forEach((name, body) -> {
            if (regions.putIfAbsent(name, normalize(body)) != null) {
                problems.add(file + ": region '" + name + "' is also defined in another file");
            }
        });
    }

    /** Checks the java blocks of one markdown text against the regions; returns the problems found. */
    static List<String> check(String file, String markdown, Map<String, String> regions) {
        List<String> problems = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        String pendingMarker = null;
        int markerLine = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            Matcher marker = MARKER.matcher(lines[i]);
            if (marker.matches()) {
                pendingMarker = marker.group(1);
                markerLine = i + 1;
                continue;
            }
            if (line.isEmpty()) {
                continue;
            }
            if (!line.startsWith("```")) {
                if (pendingMarker != null) {
                    problems.add(file + ":" + markerLine + ": marker '" + pendingMarker + "' not followed by a java block");
                    pendingMarker = null;
                }
                continue;
            }
            String language = line.substring(3).strip();
            int start = i + 1;
            List<String> body = new ArrayList<>();
            for (i = i + 1; i < lines.length && !lines[i].strip().equals("```"); i++) {
                body.add(lines[i]);
            }
            if (!language.equals("java")) {
                if (pendingMarker != null) {
                    problems.add(file + ":" + markerLine + ": marker '" + pendingMarker + "' not followed by a java block");
                    pendingMarker = null;
                }
                continue;
            }
            if (pendingMarker == null) {
                problems.add(file + ":" + start + ": java block with no <!-- snippet: name --> marker before it");
            } else if (!regions.containsKey(pendingMarker)) {
                problems.add(file + ":" + markerLine + ": unknown region '" + pendingMarker + "'");
            } else {
                String expected = regions.get(pendingMarker);
                String actual = normalize(body);
                if (!expected.equals(actual)) {
                    problems.add(file + ":" + start + ": java block differs from region '" + pendingMarker
                        + "'; the region reads:\n" + expected + "\nthe block reads:\n" + actual);
                }
            }
            pendingMarker = null;
        }
        if (pendingMarker != null) {
            problems.add(file + ":" + markerLine + ": marker '" + pendingMarker + "' not followed by a java block");
        }
        return problems;
    }

    /** Lines without trailing blanks and without their common indentation, joined; outer blank lines dropped. */
    static String normalize(List<String> lines) {
        List<String> trimmed = lines.stream().map(String::stripTrailing).toList();
        int indent = trimmed.stream().filter(l -> !l.isEmpty())
            .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        List<String> out = new ArrayList<>(trimmed.stream().map(l -> l.isEmpty() ? l : l.substring(indent)).toList());
        while (!out.isEmpty() && out.get(0).isEmpty()) {
            out.remove(0);
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return String.join("\n", out);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath().normalize(), e);
        }
    }
}
