package io.strongroom.platform;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * A module's addition to the one HTTP security chain (for example, identity's token
 * authentication). The platform applies every contribution bean after its own defaults.
 */
@FunctionalInterface
public interface HttpSecurityContribution {

    void contribute(HttpSecurity http) throws Exception;
}
