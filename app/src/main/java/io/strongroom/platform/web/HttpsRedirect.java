package io.strongroom.platform.web;

import java.io.IOException;

import org.apache.catalina.connector.Connector;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
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
 * arrives on it is answered with a permanent redirect to the same path over HTTPS and is never
 * processed. Off by default.
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
    RedirectFilter httpsRedirectFilter() {
        return new RedirectFilter();
    }

    @Bean
    FilterRegistrationBean<RedirectFilter> httpsRedirectFilterRegistration(RedirectFilter filter) {
        FilterRegistrationBean<RedirectFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /** Redirects plain-HTTP requests to the HTTPS port the server actually listens on. */
    static final class RedirectFilter extends OncePerRequestFilter implements ApplicationListener<WebServerInitializedEvent> {

        private volatile int httpsPort = 443;

        @Override
        public void onApplicationEvent(WebServerInitializedEvent event) {
            httpsPort = event.getWebServer().getPort();
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (request.isSecure()) {
                chain.doFilter(request, response);
                return;
            }
            String host = request.getServerName();
            if (host.contains(":") && !host.startsWith("[")) {
                host = "[" + host + "]";
            }
            String query = request.getQueryString();
            int port = httpsPort;
            String location = "https://" + host + (port == 443 ? "" : ":" + port) + request.getRequestURI()
                    + (query == null ? "" : "?" + query);
            response.setStatus(HttpServletResponse.SC_PERMANENT_REDIRECT);
            response.setHeader("Location", location);
            response.setHeader("Cache-Control", "no-store");
            response.setContentLength(0);
        }
    }
}
