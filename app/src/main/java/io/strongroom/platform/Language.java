package io.strongroom.platform;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages Strongroom speaks: every page, e-mail and message exists in each of them
 * ({@code MessageKeysTest} fails on a key missing in one). English is the fallback. A user's
 * choice, a workspace's default and a browser's {@code Accept-Language} are matched against
 * this list and nothing else.
 */
public enum Language {
    ENGLISH("en", "English"),
    GERMAN("de", "Deutsch"),
    CZECH("cs", "Čeština"),
    DUTCH("nl", "Nederlands");

    /** The language when nothing else is known. */
    public static final Language FALLBACK = ENGLISH;

    private final String tag;
    private final String nativeName;

    Language(String tag, String nativeName) {
        this.tag = tag;
        this.nativeName = nativeName;
    }

    /** The BCP 47 tag as stored and sent: {@code en}, {@code de}, {@code cs}, {@code nl}. */
    public String tag() {
        return tag;
    }

    /** The language's name in itself, as a language picker shows it. */
    public String nativeName() {
        return nativeName;
    }

    public Locale locale() {
        return Locale.forLanguageTag(tag);
    }

    /** The language with this tag, if Strongroom speaks it. */
    public static Optional<Language> ofTag(String tag) {
        return Arrays.stream(values()).filter(l -> l.tag.equals(tag)).findFirst();
    }

    /** The best supported language for what a browser asked for (its {@code Accept-Language} ranges). */
    public static Language bestFor(List<Locale.LanguageRange> ranges) {
        List<Locale> supported = Arrays.stream(values()).map(Language::locale).toList();
        Locale match = Locale.lookup(ranges, supported);
        return match == null ? FALLBACK : ofTag(match.getLanguage()).orElse(FALLBACK);
    }
}
