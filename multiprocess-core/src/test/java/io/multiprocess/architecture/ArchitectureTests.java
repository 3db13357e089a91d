package io.multiprocess.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The core's architecture, as rules that fail the build when the code leaves it. The layers, bottom to
 * top; a class may use its own layer and those below, never one above:
 * <ol>
 *   <li>the root package's cross-cutting exceptions and {@code StartMethod}, and {@code function};</li>
 *   <li>{@code internal} (posix, shm, ipc, exit);</li>
 *   <li>{@code serialization};</li>
 *   <li>{@code process}: handles, settings, start methods, the child's entry point;</li>
 *   <li>the primitives: {@code connection}, {@code synchronize}, {@code sharedctypes},
 *       {@code sharedmemory}, {@code queues}, {@code tracker}, {@code util}, {@code forkserver};</li>
 *   <li>{@code pool}, {@code managers}, {@code dummy};</li>
 *   <li>{@code context} (the factories) and the {@code Multiprocess} facade;</li>
 *   <li>integrations with other systems ({@code hazelcast}), which use only the API.</li>
 * </ol>
 */
class ArchitectureTests {

    private static final String ROOT = "io.multiprocess";
    private static final String FACADE = ROOT + ".Multiprocess";
    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void layersAreUsedOnlyFromAbove() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("Base")
                .definedBy(basePackage())
                .layer("Internal")
                .definedBy(ROOT + ".internal..")
                .layer("Serialization")
                .definedBy(ROOT + ".serialization..")
                .layer("Process")
                .definedBy(ROOT + ".process..")
                .layer("Primitives")
                .definedBy(
                        ROOT + ".connection..",
                        ROOT + ".synchronize..",
                        ROOT + ".sharedctypes..",
                        ROOT + ".sharedmemory..",
                        ROOT + ".queues..",
                        ROOT + ".tracker..",
                        ROOT + ".util..",
                        ROOT + ".forkserver..")
                .layer("Concepts")
                .definedBy(ROOT + ".pool..", ROOT + ".managers..", ROOT + ".dummy..")
                .layer("Context")
                .definedBy(contextOrFacade())
                .layer("Integrations")
                .definedBy(ROOT + ".hazelcast..")
                .whereLayer("Integrations")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Context")
                .mayOnlyBeAccessedByLayers("Integrations")
                .whereLayer("Concepts")
                .mayOnlyBeAccessedByLayers("Context", "Integrations")
                .whereLayer("Primitives")
                .mayOnlyBeAccessedByLayers("Concepts", "Context", "Integrations")
                .whereLayer("Process")
                .mayOnlyBeAccessedByLayers("Primitives", "Concepts", "Context", "Integrations")
                .whereLayer("Serialization")
                .mayOnlyBeAccessedByLayers("Process", "Primitives", "Concepts", "Context", "Integrations")
                .whereLayer("Internal")
                .mayOnlyBeAccessedByLayers(
                        "Serialization", "Process", "Primitives", "Concepts", "Context", "Integrations")
                .check(core);
    }

    @Test
    void packagesFormNoCycle() {
        slices().assignedFrom(packagesWithTheFacadeApart())
                .should()
                .beFreeOfCycles()
                .check(core);
    }

    @Test
    void theCoreUsesNoSpring() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.springframework..")
                .check(core);
    }

    @Test
    void theCoreLogsOneWay() {
        noClasses()
                .that()
                .resideOutsideOfPackage(ROOT + ".util..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("org.slf4j.LoggerFactory")
                .because("the core logs through ProcessLogging, whose lines carry the process and which stays silent "
                        + "without an SLF4J provider")
                .check(core);
    }

    @Test
    void onlyTheHazelcastIntegrationUsesHazelcast() {
        noClasses()
                .that()
                .resideOutsideOfPackage(ROOT + ".hazelcast..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.hazelcast..")
                .allowEmptyShould(true)
                .check(core);
    }

    @Test
    void integrationsUseNoInternalPackage() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".hazelcast..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT + ".internal..")
                .allowEmptyShould(true)
                .check(core);
    }

    /**
     * A public type that calls itself internal belongs in an {@code internal} package (or should not be
     * public): read from the sources, since Javadoc is not in the class files.
     */
    @Test
    void nothingOutsideInternalIsInternal() throws IOException {
        Path sources = Path.of("src/main/java/io/multiprocess");
        Pattern publicType = Pattern.compile(
                "^public (?:final |abstract |sealed )*(?:class|interface|enum|record) ", Pattern.MULTILINE);
        Pattern internalMarker = Pattern.compile("\\bInternal (?:API|SPI)\\b|<p>Internal\\b");
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                if (sources.relativize(file).startsWith("internal")) {
                    continue;
                }
                String text = Files.readString(file);
                Matcher type = publicType.matcher(text);
                if (type.find()
                        && internalMarker
                                .matcher(text.substring(0, type.start()))
                                .find()) {
                    offenders.add(sources.relativize(file).toString());
                }
            }
        }
        assertThat(offenders)
                .as("public types outside 'internal' documented as internal")
                .isEmpty();
    }

    private static DescribedPredicate<JavaClass> basePackage() {
        return DescribedPredicate.describe(
                "the root package's exceptions and function",
                c -> (c.getPackageName().equals(ROOT) && !isFacade(c))
                        || c.getPackageName().startsWith(ROOT + ".function"));
    }

    private static DescribedPredicate<JavaClass> contextOrFacade() {
        return DescribedPredicate.describe(
                "the context and the facade", c -> c.getPackageName().startsWith(ROOT + ".context") || isFacade(c));
    }

    private static boolean isFacade(JavaClass type) {
        JavaClass outer = type;
        while (outer.getEnclosingClass().isPresent()) {
            outer = outer.getEnclosingClass().get();
        }
        return outer.getName().equals(FACADE);
    }

    /** One slice per package, the facade a slice of its own: it sits on top, the exceptions beside it below. */
    private static SliceAssignment packagesWithTheFacadeApart() {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass type) {
                if (!type.getPackageName().startsWith(ROOT)) {
                    return SliceIdentifier.ignore();
                }
                return SliceIdentifier.of(isFacade(type) ? "facade" : type.getPackageName());
            }

            @Override
            public String getDescription() {
                return "packages of the core (the facade apart)";
            }
        };
    }
}
