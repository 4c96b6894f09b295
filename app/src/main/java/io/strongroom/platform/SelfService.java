package io.strongroom.platform;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.security.access.prepost.PreAuthorize;

/**
 * Declares a handler open to every signed-in user because it acts only on what is the caller's own
 * (their account, their sessions, their own person record) or shows what every member may see.
 * Whatever more the handler allows (another person's record with a permission) is decided by the
 * feature's policy, never by this annotation. Handlers needing a permission declare it with
 * {@code @PreAuthorize("hasAuthority('...')")}; a bare {@code isAuthenticated()} is refused by
 * {@code EndpointDeclarationTest}, and the self-service handlers are an explicit list there.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@PreAuthorize("isAuthenticated()")
public @interface SelfService {

    /** What the caller acts on, e.g. "the caller's own sessions". */
    String value();
}
