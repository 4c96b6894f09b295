package io.strongroom.timeoff.internal;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.audit.AuditEntry;
import io.strongroom.audit.AuditLog;
import io.strongroom.identity.Caller;
import io.strongroom.identity.UserDirectory;
import io.strongroom.people.Workforce;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.Digests;
import io.strongroom.platform.FieldChange;
import io.strongroom.platform.Ids;
import io.strongroom.platform.TenantContext;
import io.strongroom.timeoff.internal.TimeOffRepository.LeaveType;
import io.strongroom.timeoff.internal.TimeOffRepository.Request;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;

/**
 * iCalendar feeds of time off (ical4j), read by calendar apps without signing in: the URL holds
 * the workspace's id and a 256-bit random secret, shown once; only its SHA-256 is stored. A feed
 * shows its owner's own time off in full (type, status) and everyone else's as "Absent"; it stops
 * when revoked, when its owner's account is disabled or removed, or when the owner's person record
 * goes. Events span three months back to a year ahead.
 */
@Service
class CalendarFeeds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern TOKEN = Pattern.compile("([0-9a-f]{32})\\.([A-Za-z0-9_-]{43})");
    static final int MOST_FEEDS = 10;

    private final JdbcClient jdbc;
    private final TimeOffRepository repository;
    private final Balances balances;
    private final Workforce workforce;
    private final UserDirectory users;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final String publicUrl;

    CalendarFeeds(JdbcClient jdbc, TimeOffRepository repository, Balances balances, Workforce workforce,
            UserDirectory users, AuditLog audit, TransactionTemplate transactions,
            @Value("${strongroom.public-url:https://localhost:8443}") String publicUrl) {
        this.jdbc = jdbc;
        this.repository = repository;
        this.balances = balances;
        this.workforce = workforce;
        this.users = users;
        this.audit = audit;
        this.transactions = transactions;
        this.publicUrl = publicUrl;
    }

    record FeedInput(String scope, String department) {
    }

    /** A new feed of the caller's: the answer holds its URL, which is never shown again. */
    Map<String, Object> create(FeedInput in) {
        Caller me = Caller.require();
        String scope = in == null || in.scope() == null ? "mine" : in.scope();
        if (!scope.equals("mine") && !scope.equals("team")) {
            throw ApiProblem.validation("scope", "must be mine or team");
        }
        String department = in == null || in.department() == null || in.department().isBlank() ? null
                : in.department().strip();
        if (department != null && (department.length() > 100 || scope.equals("mine"))) {
            throw ApiProblem.validation("department", "must be at most " + 100 + " characters, and only for a team feed");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String url = publicUrl + "/calendar/" + HexFormat.of().formatHex(uuidBytes(me.tenantId())) + "." + token + ".ics";
        return transactions.execute(tx -> {
            long open = jdbc.sql("select count(*) from calendar_feed where user_id = :u and revoked_at is null")
                    .param("u", me.userId()).query(Long.class).single();
            if (open >= MOST_FEEDS) {
                throw ApiProblem.validation("scope", "cannot be added: revoke one of your " + MOST_FEEDS + " feeds first");
            }
            UUID id = Ids.newId();
            jdbc.sql("""
                    insert into calendar_feed (tenant_id, id, user_id, scope, department, token_hash, created_at)
                    values (current_setting('app.tenant_id')::uuid, :id, :user, :scope, :department, :hash, :now)
                    """).param("id", id).param("user", me.userId()).param("scope", scope).param("department", department)
                    .param("hash", Digests.sha256(token)).param("now", Timestamp.from(balances.now())).update();
            Map<String, FieldChange> diff = new LinkedHashMap<>();
            diff.put("scope", new FieldChange(null, scope));
            if (department != null) {
                diff.put("department", new FieldChange(null, department));
            }
            audit.record(AuditEntry.of("timeoff.feed.created", "calendar_feed", id).diff(diff));
            Map<String, Object> body = feed(id, scope, department, balances.now(), null);
            body.put("url", url);
            return body;
        });
    }

    /** The caller's feeds (never their URLs). */
    List<Map<String, Object>> mine() {
        Caller me = Caller.require();
        return transactions.execute(tx -> jdbc.sql("""
                select id, scope, department, created_at, last_read_at from calendar_feed
                 where user_id = :u and revoked_at is null order by created_at
                """).param("u", me.userId()).query((rs, n) -> feed(rs.getObject("id", UUID.class), rs.getString("scope"),
                        rs.getString("department"), rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("last_read_at") == null ? null : rs.getTimestamp("last_read_at").toInstant()))
                .list());
    }

    void revoke(UUID id) {
        Caller me = Caller.require();
        transactions.executeWithoutResult(tx -> {
            int revoked = jdbc.sql("""
                    update calendar_feed set revoked_at = :now where id = :id and user_id = :u and revoked_at is null
                    """).param("now", Timestamp.from(balances.now())).param("id", id).param("u", me.userId()).update();
            if (revoked == 0) {
                throw ApiProblem.notFound("The feed");
            }
            audit.record(AuditEntry.of("timeoff.feed.revoked", "calendar_feed", id));
        });
    }

    /** The feed a token opens, as iCalendar text; empty for a token that opens none (wrong, revoked, owner gone). */
    Optional<String> render(String token) {
        Matcher parts = TOKEN.matcher(token == null ? "" : token);
        if (!parts.matches()) {
            return Optional.empty();
        }
        UUID tenant = uuid(HexFormat.of().parseHex(parts.group(1)));
        return TenantContext.callAs(tenant, () -> transactions.execute(tx -> {
            return jdbc.sql("""
                    select id, user_id, scope, department from calendar_feed
                     where token_hash = :hash and revoked_at is null
                    """).param("hash", Digests.sha256(parts.group(2))).query().listOfRows().stream().findFirst();
        }).flatMap(feed -> TenantContext.callAs(tenant, () -> transactions.execute(tx -> calendar(feed)))));
    }

    private Optional<String> calendar(Map<String, Object> feed) {
        UUID user = (UUID) feed.get("user_id");
        Optional<Workforce.Member> owner = workforce.ofUser(user);
        if (!users.isActive(user) || owner.isEmpty()) {
            return Optional.empty();
        }
        jdbc.sql("update calendar_feed set last_read_at = :now where id = :id")
                .param("now", Timestamp.from(balances.now())).param("id", feed.get("id")).update();
        LocalDate today = balances.today();
        Map<UUID, LeaveType> types = new LinkedHashMap<>();
        repository.types().forEach(t -> types.put(t.id(), t));
        boolean team = feed.get("scope").equals("team");
        Map<UUID, Workforce.Member> people = new LinkedHashMap<>();
        (team ? workforce.members((String) feed.get("department")) : List.of(owner.get()))
                .forEach(p -> people.put(p.id(), p));
        Calendar calendar = new Calendar();
        calendar.add(new ProdId("-//Strongroom//Time off//EN"));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(ImmutableCalScale.GREGORIAN);
        List<Request> requests = new ArrayList<>(repository.requests(people.keySet(), Set.of("pending", "approved"),
                today.minusMonths(3), today.plusYears(1), 20_000));
        for (Request request : requests) {
            Workforce.Member person = people.get(request.employeeId());
            boolean own = person.id().equals(owner.get().id());
            String what = own ? types.get(request.leaveTypeId()).name() + (request.status().equals("pending") ? " (pending)" : "")
                    : "Absent";
            String part = request.start().equals(request.end()) && request.startHalf() ? " (afternoon)"
                    : request.start().equals(request.end()) && request.endHalf() ? " (morning)" : "";
            VEvent event = new VEvent(request.start(), request.end().plusDays(1),
                    (team ? person.name() + ": " : "") + what + part);
            event.add(new Uid(request.id() + "@strongroom"));
            calendar.add(event);
        }
        return Optional.of(calendar.toString());
    }

    private static Map<String, Object> feed(UUID id, String scope, String department, java.time.Instant created,
            java.time.Instant lastRead) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("scope", scope);
        body.put("department", department);
        body.put("created_at", created);
        body.put("last_read_at", lastRead);
        return body;
    }

    private static byte[] uuidBytes(UUID id) {
        return java.nio.ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
                .array();
    }

    private static UUID uuid(byte[] bytes) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong());
    }
}
