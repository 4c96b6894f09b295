package io.strongroom.platform.web;

import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.GitProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.strongroom.platform.AppVersion;
import jakarta.annotation.security.PermitAll;

/** {@code GET /api/v1/version}: the deployed version and git commit. */
@RestController
class VersionController {

    private final AppVersion version;

    VersionController(AppVersion version) {
        this.version = version;
    }

    @PermitAll
    @GetMapping("/api/v1/version")
    Map<String, String> version() {
        return Map.of("version", version.version(), "commit", version.commit());
    }

    @Configuration(proxyBeanMethods = false)
    static class VersionConfiguration {

        @Bean
        AppVersion appVersion(ObjectProvider<BuildProperties> build, ObjectProvider<GitProperties> git) {
            String version = build.getIfAvailable() != null ? build.getIfAvailable().getVersion() : "development";
            GitProperties gitProperties = git.getIfAvailable();
            String commit = gitProperties != null && gitProperties.getShortCommitId() != null
                    ? gitProperties.getShortCommitId() : "unknown";
            return new AppVersion(version, commit);
        }
    }
}
