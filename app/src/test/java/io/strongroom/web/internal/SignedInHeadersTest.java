package io.strongroom.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import io.strongroom.web.PageHeader;

/**
 * The signed-in header costs a database read, and the layout and the locale resolver both need it:
 * it is asked for once per request, and never for a visitor who is not signed in.
 */
class SignedInHeadersTest {

    final AtomicInteger lookups = new AtomicInteger();
    final PageHeader header = () -> {
        lookups.incrementAndGet();
        return Optional.of(new PageHeader.SignedIn("Ada", "ada@acme.example", "acme", "Acme", Locale.GERMAN,
                ZoneId.of("Europe/Berlin")));
    };
    final SignedInHeaders headers = new SignedInHeaders(List.of(header));

    @AfterEach
    void clear() {
        RequestContextHolder.resetRequestAttributes();
        SecurityContextHolder.clearContext();
    }

    @Test
    void oneLookupPerRequest() {
        SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("ada", null, "people:read"));
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
        assertThat(headers.current()).isPresent();
        assertThat(headers.current().orElseThrow().locale()).isEqualTo(Locale.GERMAN);
        assertThat(lookups).as("the second ask is answered from the request").hasValue(1);

        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
        headers.current();
        assertThat(lookups).as("a new request looks up again").hasValue(2);
    }

    @Test
    void noLookupForAVisitor() {
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
        assertThat(headers.current()).isEmpty();
        assertThat(lookups).hasValue(0);
    }
}
