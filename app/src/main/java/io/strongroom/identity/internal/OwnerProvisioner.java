package io.strongroom.identity.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.strongroom.platform.ApiProblem.FieldProblem;
import io.strongroom.platform.Ids;
import io.strongroom.tenancy.TenantOwnerProvisioner;

/**
 * Creates a new workspace's first user. The password must pass the default policy, which is
 * enforced for every new tenant; it is stored only as an Argon2id hash.
 */
@Component
class OwnerProvisioner implements TenantOwnerProvisioner {

    private final UserRepository users;
    private final SecuritySettingsRepository settings;
    private final PasswordHashing hashing;
    private final PasswordPolicy policy;
    private final Clock clock;

    OwnerProvisioner(UserRepository users, SecuritySettingsRepository settings, PasswordHashing hashing,
            PasswordPolicy policy, Clock clock) {
        this.users = users;
        this.settings = settings;
        this.hashing = hashing;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public Prepared prepare(OwnerDetails owner) {
        List<FieldProblem> problems = new ArrayList<>();
        String email = EmailAddresses.normalize(owner.email());
        EmailAddresses.problem(email).ifPresent(p -> problems.add(new FieldProblem("email", p)));
        String name = owner.name() == null ? "" : owner.name().strip();
        if (name.isEmpty()) {
            problems.add(new FieldProblem("name", "is required"));
        } else if (name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
            problems.add(new FieldProblem("name", "must be at most 200 characters without control characters"));
        }
        var evaluation = policy.evaluate(owner.password(), SecuritySettings.DEFAULTS,
                contextWords(owner.workspace(), owner.companyName(), email, name));
        evaluation.problems().forEach(p -> problems.add(new FieldProblem("password", p)));
        if (!problems.isEmpty()) {
            return new PreparedOwner(problems, null, null, null);
        }
        return new PreparedOwner(List.of(), email, name, hashing.hash(owner.password()));
    }

    @Override
    public UUID provision(Prepared prepared) {
        PreparedOwner owner = (PreparedOwner) prepared;
        if (!owner.problems().isEmpty()) {
            throw new IllegalStateException("Cannot provision an owner that failed validation");
        }
        settings.save(SecuritySettings.DEFAULTS);
        UUID id = Ids.newId();
        users.insert(id, owner.email(), owner.name(), "active", owner.passwordHash(), clock.instant());
        return id;
    }

    private static List<String> contextWords(String... values) {
        List<String> words = new ArrayList<>();
        for (String value : values) {
            if (value != null) {
                words.add(value);
            }
        }
        return words;
    }

    private record PreparedOwner(List<FieldProblem> problems, String email, String name, String passwordHash)
            implements Prepared {

        @Override
        public String toString() {
            return "PreparedOwner[email=" + email + ", passwordHash=<hidden>]";
        }
    }
}
