package io.strongroom.web.internal;

import java.util.Locale;
import java.util.TimeZone;

import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.TimeZoneAwareLocaleContext;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.i18n.AbstractLocaleContextResolver;

import io.strongroom.platform.Language;
import io.strongroom.web.PageHeader.SignedIn;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The language and time zone of a request: a signed-in user's own choice, else their workspace's
 * default (both through the header identity provides); before sign-in, the browser's
 * {@code Accept-Language} matched against {@link Language} (English when nothing matches) and UTC.
 * Resolved lazily, so a request that renders nothing pays nothing.
 */
@Component(DispatcherServlet.LOCALE_RESOLVER_BEAN_NAME)
class ShellLocaleResolver extends AbstractLocaleContextResolver {

    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    private final SignedInHeaders headers;

    ShellLocaleResolver(SignedInHeaders headers) {
        this.headers = headers;
    }

    @Override
    public LocaleContext resolveLocaleContext(HttpServletRequest request) {
        return new TimeZoneAwareLocaleContext() {
            private SignedIn signedIn;
            private boolean resolved;

            private SignedIn signedIn() {
                if (!resolved) {
                    signedIn = headers.current().orElse(null);
                    resolved = true;
                }
                return signedIn;
            }

            @Override
            public Locale getLocale() {
                SignedIn me = signedIn();
                return me != null ? me.locale() : browserLanguage(request).locale();
            }

            @Override
            public TimeZone getTimeZone() {
                SignedIn me = signedIn();
                return me != null ? TimeZone.getTimeZone(me.zone()) : UTC;
            }
        };
    }

    @Override
    public void setLocaleContext(HttpServletRequest request, HttpServletResponse response, LocaleContext context) {
        throw new UnsupportedOperationException("The language is a user's or workspace's setting, not a request's");
    }

    static Language browserLanguage(HttpServletRequest request) {
        String header = request.getHeader("Accept-Language");
        if (header == null || header.isBlank()) {
            return Language.FALLBACK;
        }
        try {
            return Language.bestFor(Locale.LanguageRange.parse(header));
        } catch (IllegalArgumentException malformed) {
            return Language.FALLBACK;
        }
    }

    @Override
    public Locale resolveLocale(HttpServletRequest request) {
        return resolveLocaleContext(request).getLocale();
    }
}
