package io.multiprocess.spring.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.multiprocess.spring.autoconfigure.MultiprocessAutoConfiguration;
import io.multiprocess.spring.autoconfigure.MultiprocessHazelcastAutoConfiguration;
import io.multiprocess.spring.autoconfigure.MultiprocessManagerAutoConfiguration;
import io.multiprocess.spring.autoconfigure.MultiprocessPoolAutoConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.env.PropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.validation.FieldError;

/**
 * Every invalid {@code multiprocess.*} value fails the start-up with Boot's failure analysis naming the
 * property, its value as written, the file and line it came from, and the fix; with a Bean Validation
 * provider (the rules run as its constraints) and without Bean Validation (the properties classes apply the
 * rules themselves), with one report per bad value either way.
 */
class InvalidPropertiesTests {

    private static final String INVALID = "diagnostics/invalid-values.properties";
    private static final String UNCONVERTIBLE = "diagnostics/unconvertible-values.properties";
    private static final String INVALID_YAML = "diagnostics/invalid-values.yml";
    private static final String INVALID_LARGE = "diagnostics/too-many-workers.properties";

    private static final ApplicationContextRunner RUNNER = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    MultiprocessAutoConfiguration.class,
                    MultiprocessHazelcastAutoConfiguration.class,
                    MultiprocessPoolAutoConfiguration.class,
                    MultiprocessManagerAutoConfiguration.class));

    /** How a value is rejected: by a rule annotation, by the class's own check, or as unconvertible. */
    enum Kind {
        RULE,
        OWN_CHECK,
        CONVERSION
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                arguments(INVALID, "multiprocess.pool.processes", Kind.RULE, "must be 0 or more (0 for one per CPU)"),
                arguments(
                        INVALID,
                        "multiprocess.pool.max-tasks-per-child",
                        Kind.RULE,
                        "must be 0 or more (0 for no limit)"),
                arguments(
                        INVALID,
                        "multiprocess.pool.task-timeout",
                        Kind.RULE,
                        "must be positive (leave it unset for no limit)"),
                arguments(
                        INVALID,
                        "multiprocess.pool.shutdown.await-termination",
                        Kind.RULE,
                        "must be zero or more (0 to kill the workers at once)"),
                arguments(INVALID, "multiprocess.forkserver.spares", Kind.RULE, "must be from 0 to 64"),
                arguments(INVALID, "multiprocess.manager.call-timeout", Kind.RULE, "must be positive"),
                arguments(INVALID, "multiprocess.manager.shutdown-timeout", Kind.RULE, "must be positive"),
                arguments(INVALID, "multiprocess.hazelcast.port", Kind.RULE, "must be from 1 to 65535"),
                arguments(INVALID, "multiprocess.hazelcast.port-count", Kind.RULE, "must be 1 or more"),
                arguments(INVALID, "multiprocess.hazelcast.re-runs-on-member-loss", Kind.RULE, "must be 0 or more"),
                arguments(INVALID, "multiprocess.start-method", Kind.OWN_CHECK, "cannot be forked safely"),
                arguments(INVALID, "multiprocess.serializer", Kind.OWN_CHECK, "com.acme.NoSuchSerializer"),
                arguments(INVALID, "multiprocess.child.executable", Kind.OWN_CHECK, "executable java launcher"),
                arguments(INVALID, "multiprocess.manager.address", Kind.OWN_CHECK, "must be host:port"),
                arguments(
                        INVALID,
                        "multiprocess.manager.connect",
                        Kind.OWN_CHECK,
                        "only with multiprocess.manager.address"),
                arguments(INVALID, "multiprocess.manager.serializer", Kind.OWN_CHECK, "must be kryo, jdk"),
                arguments(INVALID, "multiprocess.hazelcast.members[0]", Kind.OWN_CHECK, "port from 1 to 65535"),
                arguments(INVALID_YAML, "multiprocess.hazelcast.cluster-name", Kind.OWN_CHECK, "must not be empty"),
                arguments(UNCONVERTIBLE, "multiprocess.pool.startup", Kind.CONVERSION, "must be one of lazy, eager"),
                arguments(UNCONVERTIBLE, "multiprocess.backend", Kind.CONVERSION, "must be one of local, hazelcast"),
                arguments(
                        UNCONVERTIBLE,
                        "multiprocess.pool.allow-memory-overcommit",
                        Kind.CONVERSION,
                        "must be true or false"),
                arguments(UNCONVERTIBLE, "multiprocess.pool.processes", Kind.CONVERSION, "must be a whole number"),
                arguments(UNCONVERTIBLE, "multiprocess.pool.task-timeout", Kind.CONVERSION, "must be a duration"));
    }

    @ParameterizedTest(name = "{1}: {3}")
    @MethodSource("invalidValues")
    void withBeanValidation(String resource, String name, Kind kind, String reason) {
        check(RUNNER, true, resource, name, kind, reason);
    }

    /** Without Bean Validation: what it would check (values of the right type); conversion does not depend on it. */
    static Stream<Arguments> invalidValuesOfTheirType() {
        return invalidValues().filter(arguments -> arguments.get()[2] != Kind.CONVERSION);
    }

    @ParameterizedTest(name = "{1}: {3}")
    @MethodSource("invalidValuesOfTheirType")
    void withoutBeanValidation(String resource, String name, Kind kind, String reason) {
        check(
                RUNNER.withClassLoader(new FilteredClassLoader("jakarta.validation", "org.hibernate.validator")),
                false,
                resource,
                name,
                kind,
                reason);
    }

    @Test
    void severalInvalidValuesAreReportedTogether() {
        PropertySource<?> both =
                source(INVALID, "multiprocess.pool.processes", "multiprocess.pool.max-tasks-per-child");
        RUNNER.withInitializer(
                        context -> context.getEnvironment().getPropertySources().addFirst(both))
                .run(context -> {
                    FailureAnalysis analysis = analyze(context.getStartupFailure(), environment(both));
                    assertThat(analysis.getDescription())
                            .startsWith("Invalid values for 2 multiprocess properties:")
                            .contains("Property: multiprocess.pool.processes")
                            .contains("Property: multiprocess.pool.max-tasks-per-child");
                });
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aSpringApplicationPrintsBootsFailureReport(CapturedOutput output) {
        SpringApplication application = new SpringApplication(Application.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        application.setDefaultProperties(Map.of(
                "spring.config.location", "optional:classpath:/diagnostics/", "spring.config.name", "invalid-values"));
        assertThatThrownBy(application::run).hasRootCauseInstanceOf(BindValidationException.class);
        assertThat(output.toString())
                .contains("APPLICATION FAILED TO START")
                .contains("Invalid values for ")
                .contains("Property: multiprocess.pool.processes")
                .contains("Origin: class path resource [diagnostics/invalid-values.properties] - "
                        + line(INVALID, "multiprocess.pool.processes") + ":")
                .contains("Change multiprocess.pool.processes (set in class path resource")
                .doesNotContain("Application run failed");
    }

    /** An application with this module's auto-configuration and nothing else. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({MultiprocessAutoConfiguration.class, MultiprocessPoolAutoConfiguration.class})
    static class Application {}

    @Test
    void aPoolLargerThanTheMemoryIsReportedWithTheValueAndItsOrigin() {
        PropertySource<?> source = source(INVALID_LARGE, "multiprocess.pool.processes");
        RUNNER.withInitializer(
                        context -> context.getEnvironment().getPropertySources().addFirst(source))
                .run(context -> {
                    FailureAnalysis analysis = analyze(context.getStartupFailure(), environment(source));
                    assertThat(analysis.getDescription())
                            .startsWith("multiprocess.pool.processes=100000: A pool of 100000 worker processes")
                            .contains("Property: multiprocess.pool.processes\n")
                            .contains("Value: \"100000\"")
                            .contains("Origin: class path resource [" + INVALID_LARGE + "] - "
                                    + line(INVALID_LARGE, "multiprocess.pool.processes") + ":")
                            .contains("Property: multiprocess.pool.allow-memory-overcommit (not set)");
                    assertThat(analysis.getAction()).contains("multiprocess.pool.allow-memory-overcommit=true");
                });
    }

    @Test
    void validValuesPass() {
        RUNNER.withPropertyValues(
                        "multiprocess.pool.processes=2",
                        "multiprocess.pool.shutdown.await-termination=0s",
                        "multiprocess.forkserver.spares=0",
                        "multiprocess.manager.address=127.0.0.1:0",
                        "multiprocess.start-method=THREAD")
                .run(context -> assertThat(context).hasNotFailed());
    }

    private static void check(
            ApplicationContextRunner runner,
            boolean beanValidation,
            String resource,
            String name,
            Kind kind,
            String reason) {
        List<String> names = new ArrayList<>(List.of(name));
        if (name.startsWith("multiprocess.hazelcast.")) {
            names.add("multiprocess.backend");
        }
        PropertySource<?> source = source(resource, names.toArray(String[]::new));
        String origin = "class path resource [" + resource + "] - " + line(resource, name) + ":";
        runner.withInitializer(
                        context -> context.getEnvironment().getPropertySources().addFirst(source))
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    FailureAnalysis analysis = analyze(failure, environment(source));
                    assertThat(analysis.getDescription())
                            .startsWith("Invalid value for " + name + ":")
                            .contains("Property: " + name + "\n")
                            .contains("Value: \"" + source.getProperty(name) + "\"")
                            .contains("Origin: " + origin)
                            .contains("Reason: ")
                            .contains(reason);
                    assertThat(analysis.getAction())
                            .startsWith("Change " + name + " (set in " + origin)
                            .contains(reason)
                            .contains("What it sets: ")
                            .contains("Or remove it to use the default");
                    BindValidationException validation = find(failure, BindValidationException.class);
                    if (kind == Kind.CONVERSION) {
                        assertThat(validation).isNull();
                        return;
                    }
                    assertThat(validation).isNotNull();
                    List<FieldError> errors = validation.getValidationErrors().getAllErrors().stream()
                            .filter(FieldError.class::isInstance)
                            .map(FieldError.class::cast)
                            .toList();
                    assertThat(errors).as("one error per bad value").hasSize(1);
                    String code = errors.get(0).getCode();
                    if (kind == Kind.RULE && beanValidation) {
                        assertThat(code).as("checked by Bean Validation").isIn("ValidRange", "ValidDuration");
                    } else {
                        assertThat(code).as("checked by the class itself").isEqualTo("multiprocess.invalid");
                    }
                });
    }

    /** The analysis Boot would print: the first of the registered analyzers that has one. */
    static FailureAnalysis analyze(Throwable failure, Environment environment) {
        ArgumentResolver arguments = ArgumentResolver.of(Environment.class, environment)
                .and(BeanFactory.class, new DefaultListableBeanFactory());
        List<FailureAnalyzer> analyzers =
                SpringFactoriesLoader.forDefaultResourceLocation().load(FailureAnalyzer.class, arguments);
        for (FailureAnalyzer analyzer : analyzers) {
            FailureAnalysis analysis = analyzer.analyze(failure);
            if (analysis != null) {
                assertThat(analyzer.getClass().getPackageName())
                        .as("analyzed by this module, not by Boot's generic analyzers")
                        .isEqualTo(PropertyFailureAnalyzer.class.getPackageName());
                return analysis;
            }
        }
        throw new AssertionError("No failure analyzer reported " + failure, failure);
    }

    static Environment environment(PropertySource<?> source) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(source);
        return environment;
    }

    /** The given properties of a test resource, with their origins (file, line and column). */
    @SuppressWarnings("unchecked")
    static PropertySource<?> source(String resource, String... names) {
        try {
            PropertySourceLoader loader =
                    resource.endsWith(".yml") ? new YamlPropertySourceLoader() : new PropertiesPropertySourceLoader();
            PropertySource<?> all =
                    loader.load(resource, new ClassPathResource(resource)).get(0);
            Map<String, Object> values = (Map<String, Object>) all.getSource();
            Map<String, Object> chosen = new LinkedHashMap<>();
            for (String name : names) {
                chosen.put(
                        name,
                        name.equals("multiprocess.backend") && !values.containsKey(name)
                                ? "hazelcast"
                                : values.get(name));
            }
            return new OriginTrackedMapPropertySource(resource, chosen);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The line of the resource that sets the property, counted from 1. */
    static int line(String resource, String name) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            for (int i = 0; i < lines.size(); i++) {
                String last = name.substring(name.lastIndexOf('.') + 1);
                if (lines.get(i).startsWith(name + "=")
                        || (resource.endsWith(".yml") && lines.get(i).strip().startsWith(last + ":"))) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalArgumentException(name + " is not set in " + resource);
    }

    static <T extends Throwable> @Nullable T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
