package io.strongroom.web.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.temporal.TemporalAccessor;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Times and dates on pages, in the reader's language and time zone (the request's locale
 * context): {@code ${@times.dateTime(instant)}}, {@code ${@times.date(localDate)}}. A page shows
 * the zone's name once ({@code ${@times.zone()}}); the machine-readable instant stays in
 * {@code <time datetime>}.
 */
@Component("times")
public class Times {

    public String dateTime(Object value) {
        Instant instant = instant(value);
        if (instant == null) {
            return "—";
        }
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
                .withLocale(LocaleContextHolder.getLocale()).withZone(zoneId()).format(instant);
    }

    public String date(Object value) {
        TemporalAccessor date = switch (value) {
            case null -> null;
            case LocalDate local -> local;
            case String text -> parseDate(text);
            default -> null;
        };
        if (date == null) {
            return value == null ? "—" : value.toString();
        }
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(LocaleContextHolder.getLocale()).format(date);
    }

    /** The reader's time zone, e.g. {@code Europe/Prague}. */
    public String zone() {
        return zoneId().getId();
    }

    private static ZoneId zoneId() {
        return LocaleContextHolder.getTimeZone().toZoneId();
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case Instant instant -> instant;
            case OffsetDateTime offset -> offset.toInstant();
            case java.sql.Timestamp timestamp -> timestamp.toInstant();
            case null, default -> null;
        };
    }

    private static LocalDate parseDate(String text) {
        try {
            return LocalDate.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
