package io.strongroom.identity.internal;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.strongroom.identity.UserAdministration;

@Component
class UserAdministrationService implements UserAdministration {

    private final Invitations invitations;
    private final AccountStatus status;
    private final UserRepository users;
    private final Clock clock;

    UserAdministrationService(Invitations invitations, AccountStatus status, UserRepository users, Clock clock) {
        this.invitations = invitations;
        this.status = status;
        this.users = users;
        this.clock = clock;
    }

    @Override
    public UUID invite(String email, String displayName, UUID invitedBy, List<String> roleNames) {
        return invitations.invite(email, displayName, invitedBy, roleNames);
    }

    @Override
    public List<UserSummary> list(String query, String status, UUID after, int limit) {
        return users.list(query, status, after, limit).stream().map(this::summary).toList();
    }

    @Override
    public Optional<UserSummary> find(UUID userId) {
        return users.listed(userId).map(this::summary);
    }

    @Override
    public void delete(UUID userId, UUID deletedBy) {
        status.delete(userId, deletedBy);
    }

    private UserSummary summary(UserRepository.Listed row) {
        return new UserSummary(row.id(), row.email(), row.displayName(), row.status(),
                row.lockedUntil() != null && row.lockedUntil().isAfter(clock.instant()), row.lastSignInAt(),
                row.createdAt());
    }
}
