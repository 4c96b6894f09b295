package io.strongroom.platform.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.StrongroomTest;
import io.strongroom.testsupport.TestUsers;

/**
 * The product metrics (L4) as Prometheus scrapes them: each counts what happened through the API,
 * and every metric the alert rules ({@code ops/prometheus/strongroom-alerts.yml}) name is exported,
 * so a renamed metric cannot leave an alert silently watching nothing. (That each alert fires on
 * the right series is {@code promtool test rules}, run by CI.)
 */
@Tag("L4")
class MetricsTest extends ApiTest {

    private static final Path RULES = Path.of("..", "ops", "prometheus", "strongroom-alerts.yml");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)");

    @Test
    void productMetricsCountWhatHappensAndEveryMetricOfTheAlertRulesIsExported() throws IOException {
        TestUsers.Workspace ws = TestUsers.signUp(client(), "metrics");
        Map<String, Double> before = scrape();

        TestUsers.Tokens owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        assertThat(TestUsers.login(client(), ws.workspace(), ws.ownerEmail(), "not the password at all").status())
                .isEqualTo(401);
        assertThat(TestUsers.login(client(), ws.workspace(), "nobody@example.org", "whatever password").status())
                .isEqualTo(401);
        String victim = "victim@example.org";
        TestUsers.addUser(ws.tenantId(), victim, "the victim's long passphrase", "employee");
        for (int i = 0; i < 5; i++) {
            TestUsers.login(client(), ws.workspace(), victim, "a wrong guess " + i);
        }
        assertThat(bearer("abc.def.ghi").get("/api/v1/me").status()).isEqualTo(401);
        String forged = owner.access().substring(0, owner.access().length() - 4)
                + (owner.access().endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThat(bearer(forged).get("/api/v1/me").status()).isEqualTo(401);
        assertThat(client().header("Cookie", "__Host-sr-access=abc.def.ghi").get("/api/v1/me").status())
                .as("a broken access cookie is no session").isEqualTo(401);
        assertThat(bearer(owner.access()).get("/api/v1/audit/verify").json().get("ok").asBoolean()).isTrue();
        clock.freeze();
        ApiClient sameIp = client();
        for (int i = 0; i < 31; i++) {
            TestUsers.login(sameIp, ws.workspace(), "nobody-" + i + "@example.org", "whatever password");
        }
        String ended = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        assertThat(bearer(ended).post("/api/v1/auth/logout", Map.of()).status()).isEqualTo(204);
        assertThat(bearer(ended).get("/api/v1/me").status()).isEqualTo(401);

        Map<String, Double> after = scrape();
        assertThat(increase(before, after, "strongroom_sign_ins_total", "outcome=\"success\"")).isGreaterThanOrEqualTo(2);
        assertThat(increase(before, after, "strongroom_sign_ins_total", "reason=\"bad_password\"")).isGreaterThanOrEqualTo(6);
        assertThat(increase(before, after, "strongroom_sign_ins_total", "reason=\"unknown_email\"")).isGreaterThanOrEqualTo(1);
        assertThat(increase(before, after, "strongroom_lockouts_total", "")).isGreaterThanOrEqualTo(1);
        assertThat(increase(before, after, "strongroom_tokens_refused_total", "reason=\"malformed\"")).isGreaterThanOrEqualTo(1);
        assertThat(increase(before, after, "strongroom_tokens_refused_total", "reason=\"invalid\"")).isGreaterThanOrEqualTo(1);
        assertThat(increase(before, after, "strongroom_tokens_refused_total", "reason=\"session_ended\"")).isGreaterThanOrEqualTo(1);
        assertThat(increase(before, after, "strongroom_tokens_refused_total", "channel=\"cookie\"")).isGreaterThanOrEqualTo(1);
        assertThat(increase(before, after, "strongroom_rate_limit_refusals_total", "limiter=\"sign-in-ip\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(increase(before, after, "strongroom_audit_verifications_total", "result=\"ok\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(after, "strongroom_database_reachable", "")).isEqualTo(1);
        assertThat(value(after, "strongroom_database_data_checksums", "")).as("B6: the embedded server has data checksums")
                .isEqualTo(1);
        assertThat(value(after, "strongroom_database_checksum_failures_total", "")).as("no corrupted page").isZero();
        assertThat(value(after, "strongroom_mail_outbox_pending", "")).isNotNegative();
        assertThat(value(after, "strongroom_mail_outbox_oldest_age_seconds", "")).isNotNegative();
        assertThat(value(after, "strongroom_jobs_lag_seconds", "")).isNotNegative();
        assertThat(after).as("latency histogram buckets").containsKey(
                after.keySet().stream().filter(k -> k.startsWith("http_server_requests_seconds_bucket{") && k.contains("le=\"0.025\""))
                        .findFirst().orElse("http_server_requests_seconds_bucket with le=0.025"));
        assertThat(scrapeText()).as("no tag holds an address").doesNotContain("@example.org").doesNotContain(ws.workspace());

        Set<String> exported = new TreeSet<>();
        after.keySet().forEach(k -> exported.add(k.contains("{") ? k.substring(0, k.indexOf('{')) : k));
        Set<String> named = new TreeSet<>();
        Matcher m = Pattern.compile("\\b((?:strongroom|ssl|http_server)_[a-z_]+)\\b").matcher(Files.readString(RULES));
        while (m.find()) {
            named.add(m.group(1));
        }
        assertThat(named).as("metrics the alert rules use").hasSizeGreaterThan(8);
        assertThat(exported).as("exported metrics").containsAll(named);
    }

    @Test
    void theMailBacklogGaugeShowsTheAgeOfTheOldestWaitingMessage() {
        TestUsers.Workspace ws = TestUsers.signUp(client(), "metrics-mail");
        TestUsers.inTenant(ws.tenantId(), jdbc -> jdbc.sql("""
                insert into mail_outbox (tenant_id, id, recipient, subject, body, created_at, next_attempt_at)
                values (:t, gen_random_uuid(), 'waiting@example.org', 'waits', null, now() - interval '2 hours',
                        now() + interval '1 day')
                """).param("t", ws.tenantId()).update());
        Map<String, Double> metrics = scrape();
        assertThat(value(metrics, "strongroom_mail_outbox_pending", "")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "strongroom_mail_outbox_oldest_age_seconds", ""))
                .isGreaterThanOrEqualTo(Duration.ofHours(2).minusMinutes(1).toSeconds());
        TestUsers.inTenant(ws.tenantId(), jdbc -> jdbc.sql("delete from mail_outbox where tenant_id = :t and subject = 'waits'")
                .param("t", ws.tenantId()).update());
    }

    private String scrapeText() {
        Response response = new ApiClient(port).header("Authorization", "Bearer " + StrongroomTest.MANAGEMENT_TOKEN)
                .get("/actuator/prometheus");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.body();
    }

    /** Every sample by its name and labels. */
    private Map<String, Double> scrape() {
        Map<String, Double> samples = new TreeMap<>();
        for (String line : scrapeText().split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.find()) {
                samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
            }
        }
        return samples;
    }

    /** The sum of the samples of {@code name} whose labels contain {@code label}. */
    private static double value(Map<String, Double> samples, String name, String label) {
        return samples.entrySet().stream()
                .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .filter(e -> e.getKey().contains(label)).mapToDouble(Map.Entry::getValue).sum();
    }

    private static double increase(Map<String, Double> before, Map<String, Double> after, String name, String label) {
        return value(after, name, label) - value(before, name, label);
    }
}
