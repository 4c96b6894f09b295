package io.strongroom.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * Messages services write into problems are shown on pages in the reader's language: every such
 * message literal in the sources is named by a pattern of {@code messages/problems.properties}
 * (a new message without one fails here), and the patterns render in each language with the
 * captured values.
 */
class ProblemMessagesTest {

    /** Where a message is written: a field problem, a validation problem, a field rule, a name or password check. */
    static final Pattern MESSAGE_START = Pattern.compile(
            "(?:new (?:ApiProblem\\.)?FieldProblem\\([^,()]+,\\s*|ApiProblem\\.validation\\([^,()]+,\\s*|new Invalid\\("
                    + "|return Optional\\.of\\(|problems\\.add\\(|Evaluation\\(List\\.of\\()(?=\")");
    /** Values a concatenated part may take, tried in turn. */
    static final List<String> SAMPLES = List.of("12", "a, b or c", " (hint)", "start_date", "a");

    final ProblemMessages messages = new ProblemMessages(bundle());

    ProblemMessagesTest() throws IOException {
    }

    @AfterEach
    void resetLocale() {
        LocaleContextHolder.resetLocaleContext();
    }

    @Test
    void everyMessageWrittenInTheSourcesHasAPattern() throws IOException {
        Set<String> found = new TreeSet<>();
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher start = MESSAGE_START.matcher(source);
                while (start.find()) {
                    List<String> parts = expression(source, start.end());
                    found.add(String.join("§", parts));
                    boolean named = SAMPLES.stream().anyMatch(sample -> messages.keyOf(String.join(sample, parts)) != null);
                    if (!named) {
                        missing.add(file.getFileName() + ": \"" + String.join("…", parts) + "\"");
                    }
                }
            }
        }
        assertThat(found).as("the scan finds the messages").hasSizeGreaterThan(50)
                .contains("must be between 0 and 4", "must be at most § characters long", "must be a valid IBAN");
        assertThat(missing).as("messages without a pattern in messages/problems.properties").isEmpty();
    }

    /** Where a problem's detail sentence is written: a typed problem, a refusal, a record not found. */
    static final Pattern DETAIL_START = Pattern.compile(
            "(?:new ApiProblem\\(ProblemType\\.[A-Z_]+,\\s*|forbidden\\(|require\\(PeoplePolicy\\.\\w+\\([^()]*\\),\\s*)(?=\")");
    static final Pattern NOT_FOUND = Pattern.compile("ApiProblem\\.notFound\\(\"([^\"]+)\"\\)");

    @Test
    void everyDetailSentenceWrittenInTheSourcesHasAPattern() throws IOException {
        Set<String> found = new TreeSet<>();
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher start = DETAIL_START.matcher(source);
                while (start.find()) {
                    List<String> parts = expression(source, start.end());
                    found.add(String.join("§", parts));
                    if (SAMPLES.stream().noneMatch(sample -> messages.keyOf(String.join(sample, parts)) != null)) {
                        missing.add(file.getFileName() + ": \"" + String.join("…", parts) + "\"");
                    }
                }
                Matcher notFound = NOT_FOUND.matcher(source);
                while (notFound.find()) {
                    String detail = notFound.group(1) + " was not found.";
                    found.add(detail);
                    if (messages.keyOf(detail) == null) {
                        missing.add(file.getFileName() + ": \"" + detail + "\"");
                    }
                }
            }
        }
        assertThat(found).as("the scan finds the details").hasSizeGreaterThan(15)
                .contains("The person was not found.", "Changing people needs the people:write permission.");
        assertThat(missing).as("details without a pattern in messages/problems.properties").isEmpty();
    }

    @Test
    void messagesAreShownInTheReadersLanguageWithTheirValues() {
        LocaleContextHolder.setLocale(Locale.GERMAN);
        assertThat(messages.localize("must be between 12 and 128")).isEqualTo("muss zwischen 12 und 128 liegen");
        assertThat(messages.localize("must be at most 254 characters long")).isEqualTo("darf höchstens 254 Zeichen lang sein");
        assertThat(messages.localize("must be recommended or enforced")).isEqualTo("muss recommended oder enforced sein");
        assertThat(messages.localize("is too easy to guess (this is a very common password)"))
                .isEqualTo("ist zu leicht zu erraten (this is a very common password)");
        assertThat(messages.localize("The request has invalid fields")).isEqualTo("Die Anfrage enthält ungültige Felder");
        assertThat(messages.localize("The person was not found.")).isEqualTo("Die Person wurde nicht gefunden.");
        assertThat(messages.localize("This needs the users:manage permission."))
                .isEqualTo("Dafür ist die Berechtigung users:manage nötig.");
        LocaleContextHolder.setLocale(Locale.forLanguageTag("cs"));
        assertThat(messages.localize("is required")).isEqualTo("je povinné");
        assertThat(messages.localize("must be active, on_leave or terminated")).isEqualTo("musí být active, on_leave nebo terminated");
        LocaleContextHolder.setLocale(Locale.forLanguageTag("nl"));
        assertThat(messages.localize("would make a management cycle")).isEqualTo("zou een kring in de leidinggevende lijn maken");
        LocaleContextHolder.setLocale(Locale.ENGLISH);
        assertThat(messages.localize("must be between 12 and 128")).isEqualTo("must be between 12 and 128");
        assertThat(messages.localize("something no pattern names")).isEqualTo("something no pattern names");
        assertThat(messages.localize(null)).isNull();
    }

    /** The literal parts of the concatenation starting at {@code at} (a value between two parts is a gap). */
    static List<String> expression(String source, int at) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        int i = at;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '"') {
                int end = i + 1;
                while (source.charAt(end) != '"') {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                current.append(source, i + 1, end);
                i = end + 1;
                continue;
            }
            if (depth == 0 && (c == ')' || c == ',' || c == ';')) {
                break;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (!Character.isWhitespace(c) && c != '+') {
                // a value (a name, a call): the end of a literal part
                parts.add(current.toString());
                current.setLength(0);
                while (i < source.length() && source.charAt(i) != '+' && !(depth == 0
                        && (source.charAt(i) == ')' || source.charAt(i) == ',' || source.charAt(i) == ';'))) {
                    if (source.charAt(i) == '(') {
                        depth++;
                    } else if (source.charAt(i) == ')') {
                        depth--;
                    }
                    i++;
                }
                continue;
            }
            i++;
        }
        parts.add(current.toString());
        return parts;
    }

    static ResourceBundleMessageSource bundle() {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasenames("messages/problems");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        return source;
    }
}
