package io.strongroom.identity;

import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.Language;

/**
 * The language a person reads and the time zone they live in: what pages, e-mails and times are
 * shown in. A user's own choice wins; for what they leave open, the workspace's defaults apply.
 */
public record Regional(Language language, ZoneId zone) {

    public static final Regional FALLBACK = new Regional(Language.FALLBACK, ZoneId.of("UTC"));

    /** The IANA time zones one may choose: the JDK's region ids (continent/city) and UTC. */
    public static final Set<String> TIME_ZONES = timeZones();

    public Regional {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(zone, "zone");
    }

    /** The language of a tag as typed by a client; a 400 naming {@code field} when it is not one Strongroom speaks. */
    public static Language language(String field, String tag) {
        return Language.ofTag(tag == null ? "" : tag.strip()).orElseThrow(() -> ApiProblem.validation(field,
                "must be one of " + java.util.Arrays.stream(Language.values()).map(Language::tag).toList()));
    }

    /** The time zone of an IANA id as typed by a client; a 400 naming {@code field} when it is not one. */
    public static ZoneId zone(String field, String id) {
        String value = id == null ? "" : id.strip();
        if (!TIME_ZONES.contains(value)) {
            throw ApiProblem.validation(field, "must be an IANA time zone such as Europe/Prague or UTC");
        }
        return ZoneId.of(value);
    }

    private static Set<String> timeZones() {
        Set<String> zones = new TreeSet<>();
        for (String id : ZoneId.getAvailableZoneIds()) {
            if (id.matches("(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Za-z_/\\-]+")) {
                zones.add(id);
            }
        }
        zones.add("UTC");
        return java.util.Collections.unmodifiableSet(zones);
    }
}
