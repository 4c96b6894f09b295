package io.strongroom.identity.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import me.gosimple.nbvcxz.Nbvcxz;
import me.gosimple.nbvcxz.resources.ConfigurationBuilder;
import me.gosimple.nbvcxz.resources.Dictionary;
import me.gosimple.nbvcxz.resources.DictionaryBuilder;
import me.gosimple.nbvcxz.resources.DictionaryUtil;
import me.gosimple.nbvcxz.scoring.Result;

/**
 * NIST SP 800-63B style password checks: a minimum length (12 unless the tenant raises it), a
 * maximum of 128, no composition rules, a blocklist of the 100,000 most common passwords (the
 * dictionary bundled with nbvcxz), context words (workspace, company, the user's e-mail address
 * and name) and nbvcxz's strength estimate against the tenant's minimum score.
 */
@Component
class PasswordPolicy {

    static final int MAX_LENGTH = 128;
    private static final int MIN_CONTEXT_WORD = 3;
    private static final long ESTIMATE_TIMEOUT_MS = 200;

    private final Map<String, Integer> commonPasswords = DictionaryUtil.loadRankedDictionary(DictionaryUtil.passwords);

    /** How many entries the blocklist has (at least 100,000). */
    int blocklistSize() {
        return commonPasswords.size();
    }

    /**
     * Checks {@code password}; every reason it falls short, in words a user understands.
     *
     * @param contextWords workspace, company, e-mail address, name: a password must not contain them
     */
    Evaluation evaluate(String password, SecuritySettings settings, Collection<String> contextWords) {
        List<String> problems = new ArrayList<>();
        if (password == null || password.isEmpty()) {
            return new Evaluation(List.of("is required"), 0);
        }
        int length = password.codePointCount(0, password.length());
        if (length < settings.passwordMinLength()) {
            problems.add("must be at least " + settings.passwordMinLength() + " characters long");
        }
        if (length > MAX_LENGTH) {
            return new Evaluation(List.of("must be at most " + MAX_LENGTH + " characters long"), 0);
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (commonPasswords.containsKey(lower)) {
            problems.add("is one of the most commonly used passwords");
        }
        Set<String> words = words(contextWords);
        if (words.stream().anyMatch(lower::contains)) {
            problems.add("must not contain your name, e-mail address, workspace or company name");
        }
        Result estimate = estimator(words).estimate(password);
        int score = estimate.getBasicScore();
        if (score < settings.passwordMinScore()) {
            String hint = estimate.getFeedback().getSuggestion().stream().findFirst()
                    .map(s -> " (" + s.strip().replaceAll("\\.$", "") + ")").orElse("");
            problems.add("is too easy to guess" + hint);
        }
        return new Evaluation(List.copyOf(problems), score);
    }

    /** Lower-case words of 3+ characters from the context (whole values and their parts). */
    static Set<String> words(Collection<String> context) {
        Set<String> words = new LinkedHashSet<>();
        for (String value : context) {
            if (value == null) {
                continue;
            }
            String lower = value.toLowerCase(Locale.ROOT).strip();
            if (lower.length() >= MIN_CONTEXT_WORD) {
                words.add(lower);
            }
            for (String part : lower.split("[^\\p{L}\\p{N}]+")) {
                if (part.length() >= MIN_CONTEXT_WORD) {
                    words.add(part);
                }
            }
        }
        words.removeAll(Set.of("com", "org", "net", "www", "gmail", "googlemail", "outlook", "hotmail", "yahoo", "icloud"));
        return words;
    }

    private static Nbvcxz estimator(Set<String> contextWords) {
        List<Dictionary> dictionaries = new ArrayList<>(ConfigurationBuilder.getDefaultDictionaries());
        if (!contextWords.isEmpty()) {
            DictionaryBuilder context = new DictionaryBuilder().setDictionaryName("context").setExclusion(true);
            contextWords.forEach(word -> context.addWord(word, 0));
            dictionaries.add(context.createDictionary());
        }
        return new Nbvcxz(new ConfigurationBuilder()
                .setDictionaries(dictionaries)
                .setMaxLength(MAX_LENGTH)
                .setCombinationAlgorithmTimeout(ESTIMATE_TIMEOUT_MS)
                .setLocale(Locale.ENGLISH)
                .createConfiguration());
    }

    /** @param problems reasons the password falls short (empty = fine); @param score 0 to 4 */
    record Evaluation(List<String> problems, int score) {

        boolean acceptable() {
            return problems.isEmpty();
        }
    }
}
