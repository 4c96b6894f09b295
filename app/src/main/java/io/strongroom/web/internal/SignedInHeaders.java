package io.strongroom.web.internal;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import io.strongroom.web.PageHeader;
import io.strongroom.web.PageHeader.SignedIn;

/**
 * The signed-in user's header, asked for once per request however often the layout and the
 * locale resolver need it (it costs a database read).
 */
@Component
class SignedInHeaders {

    private static final String ATTRIBUTE = SignedInHeaders.class.getName();

    private final List<PageHeader> headers;

    SignedInHeaders(List<PageHeader> headers) {
        this.headers = headers;
    }

    @SuppressWarnings("unchecked")
    Optional<SignedIn> current() {
        if (!Navigation.signedIn()) {
            return Optional.empty();
        }
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request == null) {
            return lookUp();
        }
        Object cached = request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (cached == null) {
            cached = lookUp();
            request.setAttribute(ATTRIBUTE, cached, RequestAttributes.SCOPE_REQUEST);
        }
        return (Optional<SignedIn>) cached;
    }

    private Optional<SignedIn> lookUp() {
        return headers.stream().map(PageHeader::current).flatMap(Optional::stream).findFirst();
    }
}
