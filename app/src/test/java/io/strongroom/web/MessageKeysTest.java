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
 * exists in one. Every language Strongroom speaks has every message and every e-mail, with the
 * same placeholders: a key or template missing in one language fails here.
 */
class MessageKeysTest {

    static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)");
    static final Pattern TEMPLATE_VALUE = Pattern.compile("\\$\\{([a-zA-Z]+)}");

    @Test
    void everyMessageExistsInEveryLanguageWithTheSameArguments() throws IOException {
        Path dir = Path.of("src/main/resources/messages");
        List<String> problems = new ArrayList<>();
        List<Path> bases;
        try (Stream<Path> files = Files.list(dir)) {
            bases = files.filter(p -> p.getFileName().toString().matches("[a-z]+\\.properties")).sorted().toList();
        }
        assertThat(bases).hasSizeGreaterThanOrEqualTo(5);
        for (Path base : bases) {
            Properties english = load(base);
            for (io.strongroom.platform.Language language : io.strongroom.platform.Language.values()) {
                if (language == io.strongroom.platform.Language.FALLBACK) {
                    continue;
                }
                Path translated = dir.resolve(base.getFileName().toString().replace(".properties", "_" + language.tag() + ".properties"));
                if (!Files.exists(translated)) {
                    problems.add(translated.getFileName() + " is missing");
                    continue;
                }
                Properties other = load(translated);
                for (String key : new TreeSet<>(english.stringPropertyNames())) {
                    String value = other.getProperty(key);
                    if (value == null || value.isBlank()) {
                        problems.add(translated.getFileName() + ": " + key + " is missing");
                    } else if (!arguments(value).equals(arguments(english.getProperty(key)))) {
                        problems.add(translated.getFileName() + ": " + key + " has arguments " + arguments(value)
                                + ", English " + arguments(english.getProperty(key)));
                    }
                }
                for (String key : other.stringPropertyNames()) {
                    if (!english.containsKey(key)) {
                        problems.add(translated.getFileName() + ": " + key + " is not an English key");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyMailExistsInEveryLanguageWithTheSameValues() throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> english;
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/templates"))) {
            english = files.filter(p -> p.toString().endsWith(".txt") && p.getParent().getFileName().toString().equals("en")
                    && p.getParent().getParent().getFileName().toString().equals("mail")).sorted().toList();
        }
        assertThat(english).as("identity's mails at least").hasSizeGreaterThanOrEqualTo(7);
        for (Path template : english) {
            for (io.strongroom.platform.Language language : io.strongroom.platform.Language.values()) {
                Path translated = template.getParent().resolveSibling(language.tag()).resolve(template.getFileName());
                if (!Files.exists(translated)) {
                    problems.add(translated + " is missing");
                    continue;
                }
                String text = Files.readString(translated);
                if (!text.startsWith("Subject: ") || !text.contains("\n\n")) {
                    problems.add(translated + " does not start with a Subject: line and an empty line");
                }
                if (!values(text).equals(values(Files.readString(template)))) {
                    problems.add(translated + " uses " + values(text) + ", English " + values(Files.readString(template)));
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    private static Set<String> arguments(String message) {
        Set<String> found = new TreeSet<>();
        Matcher m = ARGUMENT.matcher(message);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static Set<String> values(String template) {
        Set<String> found = new TreeSet<>();
        Matcher m = TEMPLATE_VALUE.matcher(template);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

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
