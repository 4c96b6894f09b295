package io.strongroom.identity.internal;

import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.strongroom.identity.UserDirectory;

@Component
class UserDirectoryService implements UserDirectory {

    private final UserRepository users;
    private final RegionalRepository regional;

    UserDirectoryService(UserRepository users, RegionalRepository regional) {
        this.users = users;
        this.regional = regional;
    }

    @Override
    public io.strongroom.identity.Regional regionalOf(String email) {
        return regional.forAddress(email);
    }

    @Override
    public io.strongroom.identity.Regional workspaceRegional() {
        return regional.workspaceDefaults();
    }

    @Override
    public boolean isActive(UUID userId) {
        return users.findById(userId).map(u -> "active".equals(u.status())).orElse(false);
    }

    @Override
    public Optional<String> emailOf(UUID userId) {
        return users.findById(userId).map(UserRepository.UserRecord::email);
    }

    @Override
    public java.util.Map<UUID, String> displayNames(java.util.Set<UUID> ids) {
        return users.displayNames(ids);
    }
}
