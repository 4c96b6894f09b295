package io.strongroom.platform.web;

import org.springframework.web.util.HtmlUtils;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The plain HTML error page for browsers, for errors that happen before or outside the pages'
 * own error handling (servlet container, filters). It carries no customer data and no script;
 * everything in it is escaped. API clients get problem+json instead ({@link #prefersHtml}).
 */
final class ErrorPages {

    private ErrorPages() {
    }

    /** Whether the client asked for HTML (browsers do on navigation); API clients never do. */
    static boolean prefersHtml(String accept) {
        return accept != null && accept.contains("text/html");
    }

    static boolean prefersHtml(HttpServletRequest request) {
        return prefersHtml(request.getHeader("Accept"));
    }

    static String html(int status, String title, String detail, String requestId) {
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%d %s · Strongroom</title><link rel="stylesheet" href="/css/app.css"></head>
                <body><main class="error-page"><h1>%s</h1><p>%s</p>%s<p><a href="/">Strongroom</a></p></main></body></html>
                """.formatted(status, HtmlUtils.htmlEscape(title), HtmlUtils.htmlEscape(title), HtmlUtils.htmlEscape(detail),
                requestId == null ? "" : "<p class=\"muted\">Request id: " + HtmlUtils.htmlEscape(requestId) + "</p>");
    }
}
