package io.strongroom.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.StrongroomTest;
import io.strongroom.testsupport.TestDatabase;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;

/**
 * T5: a workspace's members sign in and work only from its allowed networks (IPv4 and IPv6
 * ranges, the client address as the trusted proxy forwards it); outside them the password is not
 * even checked, tokens and refresh tokens stop working, and every refusal is audited with the
 * address. A list that would shut out its author needs a confirmation; an operator can clear it.
 */
@Tag("T5")
class NetworkPolicyTest extends ApiTest {

    static final String OFFICE = "198.51.100.7";
    static final String ELSEWHERE = "203.0.113.50";

    final JdbcClient all = JdbcClient.create(TestDatabase.get().superuserDataSource());
    Workspace ws;
    ApiClient office;
    ApiClient elsewhere;
    String ownerAtOffice;

    @BeforeEach
    void workspace() {
        office = new ApiClient(port, OFFICE);
        elsewhere = new ApiClient(port, ELSEWHERE);
        ws = TestUsers.signUp(office, "network");
        ownerAtOffice = TestUsers.tokens(office, ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
    }

    private Response put(String access, ApiClient from, Map<String, Object> body) {
        return new ApiClient(port, from.clientIp()).header("Authorization", "Bearer " + access)
                .method("PUT", "/api/v1/settings/network", body);
    }

    private Response login(ApiClient from, String password) {
        return from.post("/api/v1/auth/login", Map.of("workspace", ws.workspace(), "email", ws.ownerEmail(),
                "password", password));
    }

    @Test
    void onlyTheAllowedNetworksSignInAndWorkAndEveryRefusalIsAudited() {
        Tokens away = tokens(login(elsewhere, ws.ownerPassword()));
        Response saved = put(ownerAtOffice, office, Map.of("allowed_networks", List.of("198.51.100.0/24", "2001:db8::/32")));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        assertThat(saved.json().get("your_address").asString()).isEqualTo(OFFICE);

        assertThat(login(office, ws.ownerPassword()).status()).isEqualTo(200);
        assertThat(login(new ApiClient(port, "2001:db8:1::5"), ws.ownerPassword()).status()).as("IPv6 range").isEqualTo(200);
        Response refused = login(elsewhere, ws.ownerPassword());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("type").asString()).isEqualTo("urn:strongroom:problem:network-not-allowed");
        assertThat(login(elsewhere, "not-the-password").json().get("type").asString())
                .as("outside, the password is not even checked").isEqualTo("urn:strongroom:problem:network-not-allowed");

        // tokens issued before the list, used from outside it: refused at once
        Response me = new ApiClient(port, ELSEWHERE).header("Authorization", "Bearer " + away.access()).get("/api/v1/me");
        assertThat(me.status()).isEqualTo(403);
        assertThat(new ApiClient(port, OFFICE).header("Authorization", "Bearer " + away.access()).get("/api/v1/me")
                .status()).as("the same token from the office").isEqualTo(200);
        assertThat(elsewhere.post("/api/v1/auth/refresh", Map.of("refresh_token", away.refresh())).status()).isEqualTo(401);
        assertThat(office.post("/api/v1/auth/refresh", Map.of("refresh_token", away.refresh())).status())
                .as("the session was not ended, only refused out there").isEqualTo(200);

        List<String> audited = all.sql("""
                select details ->> 'ip' from audit_event where tenant_id = :t and action = 'access.network_refused'
                 order by seq""").param("t", ws.tenantId()).query(String.class).list();
        assertThat(audited).hasSizeGreaterThanOrEqualTo(3).allMatch(ELSEWHERE::equals);
        assertThat(all.sql("""
                select count(*) from audit_event where tenant_id = :t and action = 'settings.network.updated'""")
                .param("t", ws.tenantId()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aListWithoutTheAuthorsAddressNeedsConfirmingAndBadRangesAreRefused() {
        Response excluded = put(ownerAtOffice, office, Map.of("allowed_networks", List.of("10.0.0.0/8")));
        assertThat(excluded.status()).isEqualTo(409);
        assertThat(excluded.json().get("type").asString()).isEqualTo("urn:strongroom:problem:network-excludes-you");
        for (Object bad : List.of(List.of("10.0.0.0/33"), List.of("300.1.1.1/8"), List.of("intranet"), List.of("0"),
                List.of("10.0.0.0/8; drop"), List.of("::1/129"), "10.0.0.0/8")) {
            Response refused = put(ownerAtOffice, office, Map.of("allowed_networks", bad));
            assertThat(refused.status()).as(String.valueOf(bad)).isEqualTo(400);
        }
        assertThat(put(ownerAtOffice, office, Map.of("allowed_networks", java.util.Collections.nCopies(101, "10.0.0.0/8")))
                .status()).isEqualTo(400);
        assertThat(all.sql("select allowed_networks::text from security_settings where tenant_id = :t")
                .param("t", ws.tenantId()).query(String.class).single()).as("nothing changed").isEqualTo("{}");

        Response confirmed = put(ownerAtOffice, office, Map.of("allowed_networks", List.of("10.0.0.0/8"),
                "exclude_self_confirmed", true));
        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(login(office, ws.ownerPassword()).status()).as("locked out, as confirmed").isEqualTo(403);

        // the documented recovery: an operator clears the list
        Response cleared = operator().post("/actuator/networkpolicy", Map.of("workspace", ws.workspace(),
                "action", "clear"));
        assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
        assertThat(login(office, ws.ownerPassword()).status()).isEqualTo(200);
        assertThat(operator().post("/actuator/networkpolicy", Map.of("workspace", "no-such-place",
                "action", "clear")).status()).isEqualTo(400);
        assertThat(new ApiClient(port).post("/actuator/networkpolicy", Map.of("workspace", ws.workspace(),
                "action", "clear")).status()).as("without the management token").isIn(401, 403);
    }

    @Test
    void anEmployeeMayNotChangeTheList() {
        String email = "employee." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), email, "employee-passphrase-31", "employee");
        String employee = TestUsers.tokens(office, ws.workspace(), email, "employee-passphrase-31").access();
        assertThat(put(employee, office, Map.of("allowed_networks", List.of())).status()).isEqualTo(403);
        assertThat(new ApiClient(port, OFFICE).header("Authorization", "Bearer " + employee)
                .get("/api/v1/settings/network").status()).isEqualTo(403);
    }

    record Tokens(String access, String refresh) {
    }

    private static Tokens tokens(Response login) {
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return new Tokens(login.json().get("access_token").asString(), login.json().get("refresh_token").asString());
    }

    /** An operator on the management network (loopback) with the management token. */
    private ApiClient operator() {
        return new ApiClient(port).header("Authorization", "Bearer " + StrongroomTest.MANAGEMENT_TOKEN);
    }
}
