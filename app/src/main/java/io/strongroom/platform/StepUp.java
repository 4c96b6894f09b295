package io.strongroom.platform;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a sensitive action (A6): the caller must have proved who they are within the last minutes
 * ({@code strongroom.step-up.max-age}, 10 by default) — with a second factor when they have one or
 * the workspace requires one, else with their password. Otherwise the API answers {@code 401} with
 * the problem type {@code step-up-required} and {@code WWW-Authenticate: Bearer
 * error="insufficient_user_authentication"} (RFC 9470), and a page sends the browser to the step-up
 * page. Declared next to the handler's access rule; the identity module enforces it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface StepUp {

    /** What is sensitive about it, e.g. "changes who holds which permissions". */
    String value();
}
