package io.strongroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Each module's page messages live in {@code messages/<module>.properties}: no key is defined by
 * two bundles (the first would silently win), and every literal {@code #{key}} of every template
 * exists in one.
 */
class MessageKeysTest {

    static final Pattern LITERAL_KEY = Pattern.compile("#\\{([a-z][a-z0-9_.-]*)[}(]");

    @Test
    void noKeyIsDefinedTwiceAndEveryTemplateKeyExists() throws IOException {
        Map<String, String> owner = new HashMap<>();
        List<String> clashes = new ArrayList<>();
        Resource[] bundles = new PathMatchingResourcePatternResolver().getResources("classpath*:messages/*.properties");
        assertThat(bundles).hasSizeGreaterThanOrEqualTo(5);
        for (Resource bundle : bundles) {
            if (bundle.getFilename().contains("_")) {
                continue;
            }
            Properties properties = new Properties();
            try (InputStream in = bundle.getInputStream()) {
                properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            }
            for (String key : properties.stringPropertyNames()) {
                String earlier = owner.putIfAbsent(key, bundle.getFilename());
                if (earlier != null) {
                    clashes.add(key + " in " + earlier + " and " + bundle.getFilename());
                }
            }
        }
        assertThat(clashes).isEmpty();

        Set<String> missing = new TreeSet<>();
        try (Stream<Path> templates = Files.walk(Path.of("src/main/resources/templates"))) {
            for (Path template : templates.filter(p -> p.toString().endsWith(".html")).toList()) {
                Matcher keys = LITERAL_KEY.matcher(Files.readString(template));
                while (keys.find()) {
                    if (!owner.containsKey(keys.group(1))) {
                        missing.add(keys.group(1) + " (" + template.getFileName() + ")");
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }
}
