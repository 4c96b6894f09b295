package io.strongroom.web.internal;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Problem messages on pages in the reader's language. Services write their field messages and
 * password reasons in English, as the API sends them; the patterns of
 * {@code messages/problems.properties} name each one ({@code {0}} captures a value), and
 * {@code ${@problemMessages.localize(message)}} renders the matching key in the request's
 * language with the captured values. A message no pattern matches is shown as written.
 */
@Component("problemMessages")
public class ProblemMessages {

    static final String CATALOG = "messages/problems.properties";
    private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)}");

    private final MessageSource messages;
    private final List<Entry> entries;

    ProblemMessages(MessageSource messages) throws IOException {
        this.messages = messages;
        this.entries = load();
    }

    /** One pattern: its key, the regular expression matching the English text, how many values it captures. */
    record Entry(String key, Pattern english, int literalLength) {
    }

    /** The message in the reader's language, or as written when it is not in the catalog. */
    public String localize(String english) {
        if (english == null || english.isEmpty()) {
            return english;
        }
        for (Entry entry : entries) {
            Matcher m = entry.english().matcher(english);
            if (m.matches()) {
                Object[] values = new Object[m.groupCount()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = m.group(i + 1);
                }
                return messages.getMessage(entry.key(), values, english, LocaleContextHolder.getLocale());
            }
        }
        return english;
    }

    /** The key whose pattern matches {@code english}, for the catalog's own test. */
    String keyOf(String english) {
        return entries.stream().filter(e -> e.english().matcher(english).matches()).map(Entry::key).findFirst().orElse(null);
    }

    static List<Entry> load() throws IOException {
        Properties catalog = new Properties();
        try (Reader reader = new InputStreamReader(new ClassPathResource(CATALOG).getInputStream(), StandardCharsets.UTF_8)) {
            catalog.load(reader);
        }
        List<Entry> entries = new ArrayList<>();
        for (String key : catalog.stringPropertyNames()) {
            entries.add(entry(key, catalog.getProperty(key)));
        }
        // the most specific pattern first: "must be between {0} and {1}" before "must be {0} or {1}"
        entries.sort(Comparator.comparingInt(Entry::literalLength).reversed().thenComparing(Entry::key));
        return List.copyOf(entries);
    }

    private static Entry entry(String key, String pattern) {
        StringBuilder regex = new StringBuilder();
        Matcher arguments = ARGUMENT.matcher(pattern);
        int at = 0;
        int literal = 0;
        while (arguments.find()) {
            regex.append(Pattern.quote(pattern.substring(at, arguments.start()))).append("(.+?)");
            literal += arguments.start() - at;
            at = arguments.end();
        }
        regex.append(Pattern.quote(pattern.substring(at)));
        literal += pattern.length() - at;
        return new Entry(key, Pattern.compile(regex.toString(), Pattern.DOTALL), literal);
    }
}
