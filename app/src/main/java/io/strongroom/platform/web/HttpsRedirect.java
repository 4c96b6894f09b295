package io.strongroom.platform.web;

import java.io.IOException;
import java.net.URI;

import org.apache.catalina.connector.Connector;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The optional plain-HTTP port ({@code strongroom.http.redirect-port}): every request that
 * arrives on it is answered with a permanent redirect to the same path under the configured public
 * URL ({@code strongroom.public-url}) and is never processed. The request's Host header is never
 * used, so a forged one cannot send anyone elsewhere. Off by default.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("${strongroom.http.redirect-port:0} > 0")
class HttpsRedirect {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> plainHttpConnector(HttpProperties http,
            @Value("${server.port}") int httpsPort) {
        return factory -> {
            Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
            connector.setScheme("http");
            connector.setSecure(false);
            connector.setPort(http.redirectPort());
            connector.setRedirectPort(httpsPort);
            factory.addAdditionalConnectors(connector);
        };
    }

    @Bean
    RedirectFilter httpsRedirectFilter(@Value("${strongroom.public-url:https://localhost:8443}") String publicUrl) {
        return new RedirectFilter(publicUrl);
    }

    @Bean
    FilterRegistrationBean<RedirectFilter> httpsRedirectFilterRegistration(RedirectFilter filter) {
        FilterRegistrationBean<RedirectFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /** Redirects plain-HTTP requests to the same path under the public URL. */
    static final class RedirectFilter extends OncePerRequestFilter {

        private final String origin;

        RedirectFilter(String publicUrl) {
            URI uri = URI.create(publicUrl);
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("strongroom.public-url must be an https URL, not " + publicUrl);
            }
            this.origin = "https://" + uri.getRawAuthority();
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (request.isSecure()) {
                chain.doFilter(request, response);
                return;
            }
            String query = request.getQueryString();
            response.setStatus(HttpServletResponse.SC_PERMANENT_REDIRECT);
            response.setHeader("Location", origin + request.getRequestURI() + (query == null ? "" : "?" + query));
            response.setHeader("Cache-Control", "no-store");
            response.setContentLength(0);
        }
    }
}
