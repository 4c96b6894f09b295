package io.strongroom.platform;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes problem responses from places outside Spring MVC (servlet filters, security entry
 * points), in exactly the form the MVC exception handler uses.
 */
public interface ProblemResponses {

    void write(HttpServletRequest request, HttpServletResponse response, ApiProblem problem) throws IOException;
}
