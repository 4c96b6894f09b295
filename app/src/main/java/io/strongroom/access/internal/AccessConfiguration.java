package io.strongroom.access.internal;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.strongroom.access.AccessPermission;
import io.strongroom.access.PermissionCatalog;
import io.strongroom.identity.PermissionSet;

@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    @Bean
    PermissionSet accessPermissions() {
        return PermissionSet.of("access", AccessPermission.values());
    }

    /** Every module's permissions; built once, so a clash of keys stops the start. */
    @Bean
    PermissionCatalog permissionCatalog(List<PermissionSet> contributions) {
        return new PermissionCatalog(contributions);
    }
}
