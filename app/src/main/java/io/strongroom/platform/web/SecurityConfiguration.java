package io.strongroom.platform.web;

import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.header.writers.CrossOriginOpenerPolicyHeaderWriter.CrossOriginOpenerPolicy;
import org.springframework.security.web.header.writers.CrossOriginResourcePolicyHeaderWriter.CrossOriginResourcePolicy;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.HttpSecurityContribution;
import io.strongroom.platform.PageRefusals;
import io.strongroom.platform.ProblemResponses;
import io.strongroom.platform.ProblemType;
import io.strongroom.platform.RequestRefused;
import jakarta.servlet.DispatcherType;

/**
 * The HTTP security chain.
 * <p>
 * Authorization is declared per endpoint: every handler method carries {@code @PermitAll} or
 * {@code @PreAuthorize}, method security checks it, and {@link EndpointDeclarationInterceptor}
 * refuses any handler that declares nothing (deny by default). Because routes are resolved before
 * authorization, an unknown route answers 404 and a known one 401/403. Actuator endpoints are
 * protected here by URL: health for everyone, every other endpoint (metrics, signing keys) only from
 * {@code strongroom.http.management-allowed-from}, by socket address.
 * Modules add their authentication mechanisms as {@link HttpSecurityContribution}s.
 * <p>
 * Every response carries HSTS, a strict Content-Security-Policy, nosniff, no referrer, no framing,
 * a restrictive Permissions-Policy and {@code Cache-Control: no-store}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableMethodSecurity(jsr250Enabled = true)
class SecurityConfiguration {

    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'");

    /**
     * Swagger UI (the API documentation) injects one fixed {@code <style>} element; its hash is the
     * only addition to the policy, on its pages only. Upgrading swagger-ui may change it:
     * {@code BrowserJourneyTest#theApiDocumentationRendersUnderTheStrictPolicy} then fails with the new hash.
     */
    static final String SWAGGER_UI_POLICY = CONTENT_SECURITY_POLICY.replace("style-src 'self'",
            "style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='");

    static String contentSecurityPolicy(String path) {
        return path != null && path.startsWith("/swagger-ui/") ? SWAGGER_UI_POLICY : CONTENT_SECURITY_POLICY;
    }

    static final String PERMISSIONS_POLICY = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
            + "magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()";

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ProblemResponses problems,
            HttpProperties properties, ObjectProvider<HttpSecurityContribution> contributions,
            ObjectProvider<PageRefusals> pageRefusals,
            ApplicationEventPublisher events, @Value("${strongroom.home}") java.nio.file.Path home) throws Exception {
        List<IpAddressMatcher> managementClients = IpAddresses.matchers(properties.managementAllowedFrom());
        ManagementToken managementToken = ManagementToken.load(properties.managementToken(), home);
        Optional<PageRefusals> pages = Optional.ofNullable(pageRefusals.getIfUnique());
        // both: a client from the management networks, presenting the management token
        AuthorizationManager<RequestAuthorizationContext> managementAccess = (authentication, context) ->
                new AuthorizationDecision(
                        IpAddresses.matchesAny(managementClients, context.getRequest().getRemoteAddr())
                                && managementToken.presentedBy(context.getRequest()));
        http
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // CSRF matters only where a browser authenticates with cookies; the module that sets such
                // cookies (identity) turns it on for those requests. Nothing else needs it.
                .csrf(csrf -> csrf.requireCsrfProtectionMatcher(request -> false))
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> { })
                .headers(headers -> headers
                        .httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000))
                        .addHeaderWriter((request, response) -> response.setHeader("Content-Security-Policy",
                                contentSecurityPolicy(request.getRequestURI())))
                        .contentTypeOptions(options -> { })
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                        .crossOriginOpenerPolicy(coop -> coop.policy(CrossOriginOpenerPolicy.SAME_ORIGIN))
                        .crossOriginResourcePolicy(corp -> corp.policy(CrossOriginResourcePolicy.SAME_ORIGIN))
                        .addHeaderWriter(new StaticHeadersWriter("Permissions-Policy", PERMISSIONS_POLICY))
                        .cacheControl(cache -> { }))
                .authorizeHttpRequests(authorize -> authorize
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/actuator/**").access(managementAccess)
                        // Everything else is authorized per handler method (see class comment).
                        .anyRequest().permitAll())
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint((request, response, e) -> {
                            Optional<String> page = pages.flatMap(p -> p.signInRedirect(request));
                            if (page.isPresent()) {
                                response.sendRedirect(page.get());
                            } else {
                                problems.write(request, response,
                                        new ApiProblem(ProblemType.UNAUTHORIZED, "Sign in to use this resource."));
                            }
                        })
                        .accessDeniedHandler((request, response, e) -> {
                            events.publishEvent(new RequestRefused(request.getMethod(), request.getRequestURI(), 403,
                                    e instanceof org.springframework.security.web.csrf.CsrfException
                                            ? "missing or invalid CSRF token" : "missing permission"));
                            Optional<String> page = "GET".equals(request.getMethod())
                                    ? pages.flatMap(p -> p.deniedRedirect(request)) : Optional.empty();
                            if (page.isPresent()) {
                                response.sendRedirect(page.get());
                            } else {
                                problems.write(request, response,
                                        new ApiProblem(ProblemType.FORBIDDEN, "You are not allowed to do this."));
                            }
                        }));
        for (HttpSecurityContribution contribution : contributions.orderedStream().toList()) {
            contribution.contribute(http);
        }
        return http.build();
    }
}
