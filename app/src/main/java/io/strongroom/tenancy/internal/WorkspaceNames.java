package io.strongroom.tenancy.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;

import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ApiProblem.FieldProblem;
import io.strongroom.platform.ProblemType;

/**
 * Workspace slugs: 3 to 40 characters of lower-case letters, digits and hyphens, starting and
 * ending with a letter or digit, and not one of the names the service keeps for itself.
 */
final class WorkspaceNames {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,38}[a-z0-9]");

    static final Set<String> RESERVED = Set.of(
            "www", "api", "app", "admin", "administrator", "auth", "login", "logout", "signin", "signup",
            "register", "account", "accounts", "billing", "static", "assets", "cdn", "mail", "email", "smtp",
            "support", "help", "docs", "status", "security", "trust", "legal", "privacy", "blog", "root",
            "system", "operator", "operators", "strongroom", "internal", "dev", "staging", "test", "demo",
            "null", "undefined", "well-known", "actuator", "health", "metrics", "w");

    private WorkspaceNames() {
    }

    static String normalize(String raw) {
        return raw == null ? null : raw.strip().toLowerCase(Locale.ROOT);
    }

    /** 409: the name belongs to another workspace. */
    static ApiProblem taken(String workspace) {
        return new ApiProblem(HttpStatus.CONFLICT, ProblemType.uri("workspace-taken"), "Workspace name taken",
                "The workspace name " + workspace + " is already taken.",
                List.of(new FieldProblem("workspace", "is already taken")), Map.of());
    }

    /** Why {@code slug} (normalized) cannot be a workspace name, if it cannot. */
    static Optional<String> problem(String slug) {
        if (slug == null || slug.isEmpty()) {
            return Optional.of("is required");
        }
        if (slug.length() < 3 || slug.length() > 40) {
            return Optional.of("must be 3 to 40 characters long");
        }
        if (!SLUG.matcher(slug).matches()) {
            return Optional.of("may contain only lower-case letters, digits and hyphens, "
                    + "and must start and end with a letter or digit");
        }
        if (RESERVED.contains(slug)) {
            return Optional.of("is reserved; choose another name");
        }
        return Optional.empty();
    }
}
