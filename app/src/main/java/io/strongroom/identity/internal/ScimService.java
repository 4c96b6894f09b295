package io.strongroom.identity.internal;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ForbiddenException;
import com.unboundid.scim2.common.exceptions.ResourceConflictException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.types.Email;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.Member;
import com.unboundid.scim2.common.types.Meta;
import com.unboundid.scim2.common.types.Name;
import com.unboundid.scim2.common.types.UserResource;
import com.unboundid.scim2.common.utils.JsonUtils;

import io.strongroom.identity.AccountGuard;
import io.strongroom.identity.IdentityEvent.Type;
import io.strongroom.identity.ProvidedRoles;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.Ids;
import io.strongroom.platform.TenantContext;

/**
 * SCIM 2.0 provisioning (A7, RFC 7643/7644) of the bound workspace's users and groups by its
 * directory, with the resource types, filters and patches of the UnboundID SCIM 2 SDK. A user is an
 * account ({@code userName}/primary e-mail its address); deactivating one ({@code active: false})
 * disables it and ends its sessions at once, deleting one deletes it. Groups are kept as the directory
 * sends them; the token's mappings turn a user's groups into roles whenever they change. Owners'
 * accounts are the workspace's own: the directory may not change them (403).
 */
final class ScimService {

    static final int MAX_COUNT = 200;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final UserRepository users;
    private final SessionRepository sessions;
    private final IdentityEvents events;
    private final Clock clock;
    private final ProvidedRoles providedRoles;
    private final ObjectProvider<AccountGuard> guards;
    private final URI publicBase;

    ScimService(JdbcClient jdbc, TransactionTemplate transactions, UserRepository users, SessionRepository sessions,
            IdentityEvents events, Clock clock, ProvidedRoles providedRoles, ObjectProvider<AccountGuard> guards,
            URI publicUrl) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.users = users;
        this.sessions = sessions;
        this.events = events;
        this.clock = clock;
        this.providedRoles = providedRoles;
        this.guards = guards;
        this.publicBase = URI.create(publicUrl.toString().replaceAll("/+$", "") + "/scim/v2/");
    }

    /**
     * Where the resources are, as the directory reached them (its request's scheme, host and port, with
     * the forwarded headers of a trusted proxy applied); the public URL outside a request.
     */
    private URI base() {
        try {
            return org.springframework.web.servlet.support.ServletUriComponentsBuilder.fromCurrentContextPath()
                    .path("/scim/v2/").build().toUri();
        } catch (IllegalStateException outsideARequest) {
            return publicBase;
        }
    }

    // --- users -----------------------------------------------------------------------------------

    UserResource createUser(UserResource in, ScimTokens.Presented token) throws ScimException {
        Profile profile = profile(in);
        return inTransaction(() -> {
            if (users.findByEmail(profile.email()).isPresent()) {
                throw ResourceConflictException.uniqueness("A user with this userName already exists.");
            }
            UUID id = Ids.newId();
            Instant now = clock.instant();
            users.insert(id, profile.email(), profile.displayName(), profile.active() ? "active" : "disabled", null, now);
            Set<UUID> defaults = Set.copyOf(token.provisioning().defaultRoleIds());
            providedRoles.apply(id, defaults, defaults, token.tokenId().toString());
            Map<String, Object> facts = new HashMap<>();
            facts.put("scim_token_id", token.tokenId().toString());
            facts.put("email", IdentityEvents.change(null, profile.email()));
            facts.put("display_name", IdentityEvents.change(null, profile.displayName()));
            facts.put("active", profile.active());
            events.success(Type.USER_PROVISIONED, TenantContext.require(), id, token.tokenId(), profile.email(), facts);
            return user(id);
        });
    }

    UserResource getUser(String id) throws ScimException {
        return inTransaction(() -> user(uuid(id)));
    }

    ListResponse<UserResource> listUsers(String filter, Integer startIndex, Integer count) throws ScimException {
        Optional<String> userName = equalityValue(filter, "userName");
        int start = Math.max(1, startIndex == null ? 1 : startIndex);
        int size = Math.min(MAX_COUNT, Math.max(0, count == null ? 100 : count));
        return inTransaction(() -> {
            List<UUID> ids = userName.isPresent()
                    ? users.findByEmail(userName.get()).map(u -> List.of(u.id())).orElse(List.of())
                    : jdbc.sql("select id from app_user order by created_at, id").query(UUID.class).list();
            List<UserResource> page = new ArrayList<>();
            for (UUID id : ids.stream().skip(start - 1L).limit(size).toList()) {
                page.add(user(id));
            }
            return new ListResponse<>(ids.size(), page, start, page.size());
        });
    }

    UserResource replaceUser(String id, UserResource in, ScimTokens.Presented token) throws ScimException {
        Profile profile = profile(in);
        return inTransaction(() -> change(uuid(id), profile, token));
    }

    /** A patch applied to the user as SCIM sees it, then saved as a replacement. */
    UserResource patchUser(String id, PatchRequest patch, ScimTokens.Presented token) throws ScimException {
        UUID userId = uuid(id);
        return inTransaction(() -> {
            GenericScimResource current = new GenericScimResource(JsonUtils.valueToNode(user(userId)));
            patch.apply(current);
            UserResource patched;
            try {
                patched = JsonUtils.nodeToValue(current.getObjectNode(), UserResource.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw BadRequestException.invalidValue("The patched user is not a valid User.");
            }
            return change(userId, profile(patched), token);
        });
    }

    void deleteUser(String id, ScimTokens.Presented token) throws ScimException {
        UUID userId = uuid(id);
        inTransaction(() -> {
            UserRepository.UserRecord user = users.lockById(userId)
                    .orElseThrow(() -> new ResourceNotFoundException("No such user."));
            guard(token, userId);
            sessions.revokeAll(userId, null, "deleted_by_directory", clock.instant());
            users.delete(userId);
            events.success(Type.USER_DELETED, TenantContext.require(), userId, token.tokenId(), user.email(),
                    Map.of("email", IdentityEvents.change(user.email(), null), "scim_token_id", token.tokenId().toString()));
            return null;
        });
    }

    private UserResource change(UUID userId, Profile profile, ScimTokens.Presented token) throws ScimException {
        UserRepository.UserRecord user = users.lockById(userId).orElseThrow(() -> new ResourceNotFoundException("No such user."));
        guard(token, userId);
        Instant now = clock.instant();
        if (!user.email().equalsIgnoreCase(profile.email()) || !user.displayName().equals(profile.displayName())) {
            if (!user.email().equalsIgnoreCase(profile.email()) && users.findByEmail(profile.email()).isPresent()) {
                throw ResourceConflictException.uniqueness("A user with this userName already exists.");
            }
            users.updateProfile(userId, profile.email(), profile.displayName(), now);
            Map<String, Object> facts = new HashMap<>();
            facts.put("scim_token_id", token.tokenId().toString());
            facts.put("email", IdentityEvents.change(user.email(), profile.email()));
            facts.put("display_name", IdentityEvents.change(user.displayName(), profile.displayName()));
            events.success(Type.USER_UPDATED, TenantContext.require(), userId, token.tokenId(), profile.email(), facts);
        }
        boolean active = "active".equals(user.status());
        if ("invited".equals(user.status()) && profile.active()) {
            users.activateThroughProvider(userId, now);
        } else if (active != profile.active() && !"invited".equals(user.status())) {
            users.setStatus(userId, profile.active() ? "active" : "disabled", now);
            // a deactivated user's sessions end now, and with them their access tokens on every node
            int ended = profile.active() ? 0 : sessions.revokeAll(userId, null, "disabled_by_directory", now);
            events.success(profile.active() ? Type.ACCOUNT_ENABLED : Type.ACCOUNT_DISABLED, TenantContext.require(),
                    userId, token.tokenId(), profile.email(), Map.of("sessions_ended", ended, "scim_token_id",
                            token.tokenId().toString()));
        }
        return user(userId);
    }

    private void guard(ScimTokens.Presented token, UUID userId) throws ScimException {
        try {
            guards.orderedStream().forEach(guard -> guard.checkMayAdminister(token.tokenId(), userId));
        } catch (ApiProblem refused) {
            throw new ForbiddenException("An Owner's account is managed in Strongroom, not by the directory.");
        }
    }

    private UserResource user(UUID id) throws ScimException {
        UserRepository.Listed row = users.listed(id).orElseThrow(() -> new ResourceNotFoundException("No such user."));
        UserResource user = new UserResource();
        user.setId(id.toString());
        user.setUserName(row.email());
        user.setDisplayName(row.displayName());
        user.setName(new Name().setFormatted(row.displayName()));
        user.setEmails(List.of(new Email().setValue(row.email()).setPrimary(true).setType("work")));
        user.setActive("active".equals(row.status()));
        List<com.unboundid.scim2.common.types.Group> groups = new ArrayList<>();
        jdbc.sql("""
                select g.id, g.display_name from scim_group_member m join scim_group g
                  on g.tenant_id = m.tenant_id and g.id = m.group_id where m.user_id = :user order by g.display_name
                """).param("user", id).query((rs, n) -> groups.add(new com.unboundid.scim2.common.types.Group()
                        .setValue(rs.getString(1)).setDisplay(rs.getString(2))
                        .setRef(base().resolve("Groups/" + rs.getString(1))))).list();
        user.setGroups(groups);
        user.setMeta(meta("User", "Users/" + id, row.createdAt(), row.createdAt()));
        return user;
    }

    /** What a User resource says of the account: its address, name and whether it is active. */
    private record Profile(String email, String displayName, boolean active) {
    }

    private static Profile profile(UserResource in) throws ScimException {
        if (in == null) {
            throw BadRequestException.invalidSyntax("A User resource is required.");
        }
        String address = in.getUserName();
        if (in.getEmails() != null && !in.getEmails().isEmpty()) {
            address = in.getEmails().stream().filter(e -> Boolean.TRUE.equals(e.getPrimary())).findFirst()
                    .orElse(in.getEmails().getFirst()).getValue();
        }
        String email = EmailAddresses.normalize(address == null ? "" : address);
        if (EmailAddresses.problem(email).isPresent()) {
            throw BadRequestException.invalidValue("userName (or the primary e-mail) must be an e-mail address.");
        }
        String name = in.getDisplayName();
        if ((name == null || name.isBlank()) && in.getName() != null) {
            name = in.getName().getFormatted() != null ? in.getName().getFormatted()
                    : String.join(" ", java.util.stream.Stream.of(in.getName().getGivenName(), in.getName().getFamilyName())
                            .filter(part -> part != null && !part.isBlank()).toList());
        }
        name = name == null ? "" : name.strip();
        if (name.isEmpty()) {
            name = email.substring(0, email.indexOf('@'));
        }
        if (name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
            throw BadRequestException.invalidValue("displayName must be at most 200 characters without control characters.");
        }
        return new Profile(email, name, in.getActive() == null || in.getActive());
    }

    // --- groups ----------------------------------------------------------------------------------

    GroupResource createGroup(GroupResource in, ScimTokens.Presented token) throws ScimException {
        String name = groupName(in);
        return inTransaction(() -> {
            if (groupByName(name).isPresent()) {
                throw ResourceConflictException.uniqueness("A group with this displayName already exists.");
            }
            UUID id = Ids.newId();
            Timestamp now = Timestamp.from(clock.instant());
            jdbc.sql("""
                    insert into scim_group (tenant_id, id, display_name, external_id, created_at, updated_at)
                    values (:tenant, :id, :name, :external, :now, :now)
                    """).param("tenant", TenantContext.require()).param("id", id).param("name", name)
                    .param("external", externalId(in.getExternalId())).param("now", now).update();
            Set<UUID> members = memberIds(in.getMembers());
            setMembers(id, members, token);
            events.success(Type.SCIM_GROUP_CHANGED, TenantContext.require(), null, token.tokenId(), null,
                    Map.of("group_id", id.toString(), "display_name", IdentityEvents.change(null, name),
                            "members_added", members.size(), "scim_token_id", token.tokenId().toString()));
            return group(id);
        });
    }

    GroupResource getGroup(String id) throws ScimException {
        return inTransaction(() -> group(uuid(id)));
    }

    ListResponse<GroupResource> listGroups(String filter, Integer startIndex, Integer count) throws ScimException {
        Optional<String> displayName = equalityValue(filter, "displayName");
        int start = Math.max(1, startIndex == null ? 1 : startIndex);
        int size = Math.min(MAX_COUNT, Math.max(0, count == null ? 100 : count));
        return inTransaction(() -> {
            List<UUID> ids = displayName.isPresent() ? groupByName(displayName.get()).map(List::of).orElse(List.of())
                    : jdbc.sql("select id from scim_group order by created_at, id").query(UUID.class).list();
            List<GroupResource> page = new ArrayList<>();
            for (UUID id : ids.stream().skip(start - 1L).limit(size).toList()) {
                page.add(group(id));
            }
            return new ListResponse<>(ids.size(), page, start, page.size());
        });
    }

    GroupResource replaceGroup(String id, GroupResource in, ScimTokens.Presented token) throws ScimException {
        UUID groupId = uuid(id);
        String name = groupName(in);
        return inTransaction(() -> saveGroup(groupId, name, memberIds(in.getMembers()), token));
    }

    GroupResource patchGroup(String id, PatchRequest patch, ScimTokens.Presented token) throws ScimException {
        UUID groupId = uuid(id);
        return inTransaction(() -> {
            GenericScimResource current = new GenericScimResource(JsonUtils.valueToNode(group(groupId)));
            patch.apply(current);
            GroupResource patched;
            try {
                patched = JsonUtils.nodeToValue(current.getObjectNode(), GroupResource.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw BadRequestException.invalidValue("The patched group is not a valid Group.");
            }
            return saveGroup(groupId, groupName(patched), memberIds(patched.getMembers()), token);
        });
    }

    void deleteGroup(String id, ScimTokens.Presented token) throws ScimException {
        UUID groupId = uuid(id);
        inTransaction(() -> {
            GroupResource gone = group(groupId);
            setMembers(groupId, Set.of(), token); // the roles the group gave go with it
            jdbc.sql("delete from scim_group where id = :id").param("id", groupId).update();
            events.success(Type.SCIM_GROUP_CHANGED, TenantContext.require(), null, token.tokenId(), null,
                    Map.of("group_id", groupId.toString(), "display_name",
                            IdentityEvents.change(gone.getDisplayName(), null), "scim_token_id", token.tokenId().toString()));
            return null;
        });
    }

    private GroupResource saveGroup(UUID groupId, String name, Set<UUID> members, ScimTokens.Presented token)
            throws ScimException {
        GroupResource before = group(groupId);
        Optional<UUID> sameName = groupByName(name);
        if (sameName.isPresent() && !sameName.get().equals(groupId)) {
            throw ResourceConflictException.uniqueness("A group with this displayName already exists.");
        }
        jdbc.sql("update scim_group set display_name = :name, updated_at = :now where id = :id").param("name", name)
                .param("now", Timestamp.from(clock.instant())).param("id", groupId).update();
        Set<UUID> was = memberIds(before.getMembers());
        setMembers(groupId, members, token);
        if (!name.equals(before.getDisplayName())) {
            // a renamed group may give other roles: every member's roles follow
            for (UUID member : members) {
                applyRoles(member, token);
            }
        }
        Map<String, Object> facts = new HashMap<>();
        facts.put("group_id", groupId.toString());
        facts.put("display_name", IdentityEvents.change(before.getDisplayName(), name));
        facts.put("members_added", members.stream().filter(m -> !was.contains(m)).count());
        facts.put("members_removed", was.stream().filter(m -> !members.contains(m)).count());
        facts.put("scim_token_id", token.tokenId().toString());
        events.success(Type.SCIM_GROUP_CHANGED, TenantContext.require(), null, token.tokenId(), null, facts);
        return group(groupId);
    }

    /** Sets a group's members; everyone who joined or left gets the roles their groups now give. */
    private void setMembers(UUID groupId, Set<UUID> members, ScimTokens.Presented token) throws ScimException {
        for (UUID member : members) {
            if (users.findById(member).isEmpty()) {
                throw BadRequestException.invalidValue("A member is not a user of this workspace: " + member);
            }
        }
        List<UUID> before = jdbc.sql("select user_id from scim_group_member where group_id = :g").param("g", groupId)
                .query(UUID.class).list();
        Set<UUID> touched = new LinkedHashSet<>(before);
        touched.addAll(members);
        touched.removeIf(u -> before.contains(u) && members.contains(u));
        jdbc.sql("delete from scim_group_member where group_id = :g").param("g", groupId).update();
        for (UUID member : members) {
            jdbc.sql("insert into scim_group_member (tenant_id, group_id, user_id) values (:t, :g, :u)")
                    .param("t", TenantContext.require()).param("g", groupId).param("u", member).update();
        }
        for (UUID user : touched) {
            applyRoles(user, token);
        }
    }

    private void applyRoles(UUID userId, ScimTokens.Presented token) {
        SsoProvisioning.Settings settings = token.provisioning();
        if (settings.roleMappings().isEmpty()) {
            return;
        }
        List<String> groups = jdbc.sql("""
                select g.display_name from scim_group_member m join scim_group g
                  on g.tenant_id = m.tenant_id and g.id = m.group_id where m.user_id = :user
                """).param("user", userId).query(String.class).list();
        providedRoles.apply(userId, settings.managedRoles(), settings.grantedRoles(groups), token.tokenId().toString());
    }

    private GroupResource group(UUID id) throws ScimException {
        Map<String, Object> row = jdbc.sql("select display_name, external_id, created_at, updated_at from scim_group where id = :id")
                .param("id", id).query().listOfRows().stream().findFirst()
                .orElseThrow(() -> new ResourceNotFoundException("No such group."));
        GroupResource group = new GroupResource();
        group.setId(id.toString());
        group.setDisplayName((String) row.get("display_name"));
        group.setExternalId((String) row.get("external_id"));
        List<Member> members = jdbc.sql("""
                select u.id, u.display_name from scim_group_member m join app_user u
                  on u.tenant_id = m.tenant_id and u.id = m.user_id where m.group_id = :g order by u.id
                """).param("g", id).query((rs, n) -> new Member().setValue(rs.getString(1)).setDisplay(rs.getString(2))
                        .setType("User").setRef(base().resolve("Users/" + rs.getString(1)))).list();
        group.setMembers(members);
        group.setMeta(meta("Group", "Groups/" + id, ((Timestamp) row.get("created_at")).toInstant(),
                ((Timestamp) row.get("updated_at")).toInstant()));
        return group;
    }

    private Optional<UUID> groupByName(String name) {
        return jdbc.sql("select id from scim_group where lower(display_name) = lower(:name)").param("name", name)
                .query(UUID.class).optional();
    }

    private static String groupName(GroupResource in) throws ScimException {
        String name = in == null || in.getDisplayName() == null ? "" : in.getDisplayName().strip();
        if (name.isEmpty() || name.length() > 500 || name.chars().anyMatch(Character::isISOControl)) {
            throw BadRequestException.invalidValue("displayName is required, at most 500 characters.");
        }
        return name;
    }

    private static String externalId(String given) throws ScimException {
        if (given != null && (given.length() > 500 || given.chars().anyMatch(Character::isISOControl))) {
            throw BadRequestException.invalidValue("externalId must be at most 500 characters.");
        }
        return given;
    }

    private static Set<UUID> memberIds(List<Member> members) throws ScimException {
        Set<UUID> ids = new LinkedHashSet<>();
        for (Member member : members == null ? List.<Member>of() : members) {
            ids.add(uuid(member.getValue()));
        }
        if (ids.size() > 10_000) {
            throw BadRequestException.invalidValue("A group has at most 10000 members here.");
        }
        return ids;
    }

    // --- common ----------------------------------------------------------------------------------

    /** The value of a filter {@code <attribute> eq "value"}, the only filter served; empty for none. */
    private static Optional<String> equalityValue(String filter, String attribute) throws ScimException {
        if (filter == null || filter.isBlank()) {
            return Optional.empty();
        }
        if (filter.length() > 1000) {
            throw BadRequestException.invalidFilter("The filter is too long.");
        }
        Filter parsed = Filter.fromString(filter);
        if (!(parsed instanceof EqualFilter equal) || !attribute.equalsIgnoreCase(equal.getAttributePath().toString())
                || equal.getComparisonValue() == null || !equal.getComparisonValue().isTextual()) {
            throw BadRequestException.invalidFilter("Only " + attribute + " eq \"...\" is supported.");
        }
        return Optional.of(equal.getComparisonValue().textValue());
    }

    private static UUID uuid(String id) throws ScimException {
        try {
            return UUID.fromString(id == null ? "" : id);
        } catch (IllegalArgumentException e) {
            throw new ResourceNotFoundException("No such resource: " + (id == null ? "" : id.length() > 40
                    ? id.substring(0, 40) : id));
        }
    }

    private Meta meta(String type, String path, Instant created, Instant modified) {
        Meta meta = new Meta();
        meta.setResourceType(type);
        meta.setLocation(base().resolve(path));
        meta.setCreated(calendar(created));
        meta.setLastModified(calendar(modified));
        return meta;
    }

    private static Calendar calendar(Instant instant) {
        Calendar calendar = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        calendar.setTimeInMillis(instant.toEpochMilli());
        return calendar;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws ScimException;
    }

    /** Runs in one transaction; a SCIM error rolls it back and is thrown on. */
    private <T> T inTransaction(Work<T> work) throws ScimException {
        try {
            return transactions.execute(tx -> {
                try {
                    return work.run();
                } catch (ScimException e) {
                    throw new Failed(e);
                }
            });
        } catch (Failed failed) {
            throw failed.scim;
        }
    }

    private static final class Failed extends RuntimeException {

        private final ScimException scim;

        Failed(ScimException scim) {
            super(null, null, false, false);
            this.scim = scim;
        }
    }
}
