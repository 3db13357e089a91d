package io.multiprocess.spring.diagnostics;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.util.ClassUtils;

/**
 * What a property is for and its default, from the configuration metadata that Boot's configuration
 * processor writes from the properties classes' Javadoc ({@code META-INF/spring-configuration-metadata.json}
 * and the additional metadata). Read only when a start-up fails, so that the analyses explain every
 * property, including those of properties classes added later, without code of their own.
 */
final class PropertyDescriptions {

    private static final String[] LOCATIONS = {
        "META-INF/spring-configuration-metadata.json", "META-INF/additional-spring-configuration-metadata.json"
    };

    private PropertyDescriptions() {}

    /** The description and default of a property, or null if no metadata names it. */
    static @Nullable Description find(String name) {
        String base = name.replaceAll("\\[\\d+]$", "");
        ClassLoader loader = ClassUtils.getDefaultClassLoader();
        if (loader == null) {
            return null;
        }
        for (String location : LOCATIONS) {
            try {
                Enumeration<URL> resources = loader.getResources(location);
                while (resources.hasMoreElements()) {
                    Description found = find(resources.nextElement(), base);
                    if (found != null) {
                        return found;
                    }
                }
            } catch (IOException | RuntimeException unreadable) {
                // The analysis goes on without it.
            }
        }
        return null;
    }

    private static @Nullable Description find(URL resource, String name) throws IOException {
        String json;
        try (InputStream in = resource.openStream()) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!json.contains("\"" + name + "\"")) {
            return null;
        }
        Object properties = JsonParserFactory.getJsonParser().parseMap(json).get("properties");
        if (!(properties instanceof List<?> list)) {
            return null;
        }
        for (Object item : list) {
            if (item instanceof Map<?, ?> property && name.equals(property.get("name"))) {
                Object description = property.get("description");
                Object defaultValue = property.get("defaultValue");
                return new Description(
                        description != null ? description.toString() : null,
                        defaultValue instanceof List<?> values && values.isEmpty()
                                ? "empty"
                                : defaultValue != null ? defaultValue.toString() : null);
            }
        }
        return null;
    }

    /**
     * A property's description and default.
     *
     * @param text         its description, or null
     * @param defaultValue its default as the metadata gives it, or null if none is known
     */
    record Description(@Nullable String text, @Nullable String defaultValue) {}
}
