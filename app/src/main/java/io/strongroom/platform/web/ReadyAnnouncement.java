package io.strongroom.platform.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import io.strongroom.platform.AppVersion;

/**
 * The one line a person starting Strongroom looks for: that it is ready and which address to open
 * (the configured public URL, or this node's own HTTPS port on localhost).
 */
@Component
class ReadyAnnouncement {

    private static final Logger log = LoggerFactory.getLogger("io.strongroom.Strongroom");

    private final Environment environment;
    private final AppVersion version;

    ReadyAnnouncement(Environment environment, AppVersion version) {
        this.environment = environment;
        this.version = version;
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        log.info("Strongroom {} is ready: open {} in a browser", version.version(), url(event));
    }

    String url(ApplicationReadyEvent event) {
        String configured = environment.getProperty("strongroom.public-url");
        if (configured != null && !configured.isBlank()) {
            return configured.endsWith("/") ? configured : configured + "/";
        }
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort() : environment.getProperty("server.port", Integer.class, 8443);
        return "https://localhost" + (port == 443 ? "" : ":" + port) + "/";
    }
}
