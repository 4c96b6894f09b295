package io.strongroom.platform.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import io.strongroom.platform.ProblemType;

/**
 * Tomcat's error report for requests it refuses before they reach the application (a malformed
 * request line or header: 400; an unsupported transfer coding: 501; ...): problem+json for API
 * clients and a plain HTML page for browsers, in place of Tomcat's own page. Nothing of the request
 * is echoed, no stack trace is written, and the response is never cached.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ProblemErrorReportValve.class);

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        ProblemType type = ProblemType.forStatus(status);
        String title = type.status().value() == status ? type.title() : "The request was refused";
        String detail = status >= 500 && status != 501
                ? "An unexpected error occurred."
                : status == 501 ? "The server does not support what this request asks for."
                : "The request is malformed and was not processed.";
        // the one log line of a refused request (Tomcat's own parser logging, with its stack trace, is off)
        log.info("Refused a request the server could not process: {}", status);
        boolean html = ErrorPages.prefersHtml(request.getHeader("Accept"));
        try {
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.setContentType(html ? "text/html;charset=UTF-8" : "application/problem+json");
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Content-Security-Policy", SecurityConfiguration.CONTENT_SECURITY_POLICY);
            Writer writer = response.getReporter();
            if (writer == null) {
                return;
            }
            if (html) {
                writer.write(ErrorPages.html(status, title, detail, null));
            } else {
                writer.write("{\"type\":\"" + (type.status().value() == status ? type.uri() : "about:blank")
                        + "\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}");
            }
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the client went away; nothing more to say
        }
    }
}
