package io.strongroom.identity.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.strongroom.platform.ApiProblem.FieldProblem;
import io.strongroom.platform.Ids;
import io.strongroom.tenancy.TenantOwnerProvisioner;

/** Creates a new workspace's first user, with an Argon2id password hash. */
@Component
class OwnerProvisioner implements TenantOwnerProvisioner {

    static final int MIN_PASSWORD = 12;
    static final int MAX_PASSWORD = 128;

    private final UserRepository users;
    private final PasswordHashing hashing;

    OwnerProvisioner(UserRepository users, PasswordHashing hashing) {
        this.users = users;
        this.hashing = hashing;
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
        String password = owner.password();
        if (password == null || password.isEmpty()) {
            problems.add(new FieldProblem("password", "is required"));
        } else {
            int length = password.codePointCount(0, password.length());
            if (length < MIN_PASSWORD) {
                problems.add(new FieldProblem("password", "must be at least " + MIN_PASSWORD + " characters long"));
            } else if (length > MAX_PASSWORD) {
                problems.add(new FieldProblem("password", "must be at most " + MAX_PASSWORD + " characters long"));
            }
        }
        if (!problems.isEmpty()) {
            return new PreparedOwner(problems, null, null, null);
        }
        return new PreparedOwner(List.of(), email, name, hashing.hash(password));
    }

    @Override
    public UUID provision(Prepared prepared) {
        PreparedOwner owner = (PreparedOwner) prepared;
        if (!owner.problems().isEmpty()) {
            throw new IllegalStateException("Cannot provision an owner that failed validation");
        }
        UUID id = Ids.newId();
        users.insert(id, owner.email(), owner.name(), "active", owner.passwordHash());
        return id;
    }

    private record PreparedOwner(List<FieldProblem> problems, String email, String name, String passwordHash)
            implements Prepared {

        @Override
        public String toString() {
            return "PreparedOwner[email=" + email + ", passwordHash=<hidden>]";
        }
    }
}
