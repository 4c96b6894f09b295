package io.strongroom.bench;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/** The calls of Strongroom's public API that the benchmarks make, as any client would make them. */
final class StrongroomApi {

    /** Refresh this long before the 60-second access token runs out. */
    static final long RENEW_AFTER_NANOS = 40_000_000_000L;

    private StrongroomApi() {
    }

    record Workspace(String workspace, java.util.UUID tenantId, String email, String password) {
    }

    /** A signed-in client: renews its access token with the refresh token as it expires. */
    static final class Session {
        private final Https http;
        private String access;
        private String refresh;
        private long obtained;

        Session(Https http, JsonNode tokens) {
            this.http = http;
            take(tokens);
        }

        private void take(JsonNode tokens) {
            access = tokens.get("access_token").asString();
            refresh = tokens.get("refresh_token").asString();
            obtained = System.nanoTime();
        }

        /** The access token to send, renewed first when it is about to expire. */
        String bearer() throws IOException, InterruptedException {
            if (System.nanoTime() - obtained > RENEW_AFTER_NANOS) {
                renew();
            }
            return access;
        }

        /** One session renewal: the refresh token is exchanged (and rotated). */
        void renew() throws IOException, InterruptedException {
            take(http.postJson("/api/v1/auth/refresh", Map.of("refresh_token", refresh), null).expect(200).json());
        }
    }

    static String password() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return "Bench-" + HexFormat.of().formatHex(bytes) + "-passphrase";
    }

    static Workspace signUp(Https http, String workspace) throws IOException, InterruptedException {
        String email = "owner@" + workspace + ".example";
        String password = password();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("workspace", workspace);
        body.put("company_name", "Company " + workspace);
        body.put("region", "eu");
        body.put("admin_email", email);
        body.put("admin_name", "Owner of " + workspace);
        body.put("password", password);
        String tenant = http.postJson("/api/v1/signup", body, null).expect(201).json().get("tenant_id").asString();
        return new Workspace(workspace, java.util.UUID.fromString(tenant), email, password);
    }

    static Https.Response login(Https http, Workspace ws) throws IOException, InterruptedException {
        return http.postJson("/api/v1/auth/login", Map.of("workspace", ws.workspace(), "email", ws.email(),
                "password", ws.password()), null);
    }

    static Session signIn(Https http, Workspace ws) throws IOException, InterruptedException {
        return new Session(http, login(http, ws).expect(200).json());
    }

    /** An account with an authenticator app: its workspace and the app's Base32 secret. */
    record Authenticated(Workspace workspace, String secret) {
    }

    /**
     * Signs up a workspace whose owner adds an authenticator app (confirmed with its code), as a user
     * would on the account page.
     */
    static Authenticated signUpWithAuthenticator(Https http, String workspace) throws IOException, InterruptedException {
        Workspace ws = signUp(http, workspace);
        String access = login(http, ws).expect(200).json().get("access_token").asString();
        JsonNode started = http.postJson("/api/v1/me/mfa/totp", Map.of("name", "Bench phone"), access).expect(201).json();
        String secret = started.get("secret").asString();
        // confirmed with the previous step's code (inside the window), so the current step's is still unused;
        // not in a step's last seconds, or the server may already be two steps on when the code arrives
        long intoStep = System.currentTimeMillis() % 30_000;
        if (intoStep > 25_000) {
            Thread.sleep(30_000 - intoStep + 100);
        }
        http.postJson("/api/v1/me/mfa/totp/" + started.get("id").asString() + "/confirm",
                Map.of("code", io.strongroom.identity.internal.BenchAuthenticator.code(secret,
                        java.time.Instant.now().minusSeconds(30))), access).expect(200);
        return new Authenticated(ws, secret);
    }

    /** The two steps of a sign-in with an authenticator app: the password, then the current code. */
    static void signInWithCode(Https http, Authenticated account, java.time.Instant now) throws IOException, InterruptedException {
        String challenge = login(http, account.workspace()).expect(401).json().get("challenge").asString();
        http.postJson("/api/v1/auth/login/mfa", Map.of("challenge", challenge, "method", "totp", "code",
                io.strongroom.identity.internal.BenchAuthenticator.code(account.secret(), now)), null).expect(200);
    }

    /** A person record with every personal-data field filled. */
    static Map<String, Object> person(int n) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("given_name", "Given" + n);
        p.put("family_name", "Family" + n);
        p.put("work_email", "person" + n + "@work.example");
        p.put("job_title", "Engineer");
        p.put("department", "Department " + (n % 10));
        p.put("start_date", "2024-01-15");
        p.put("date_of_birth", "1990-05-17");
        p.put("personal_email", "person" + n + "@home.example");
        p.put("phone", "+49 30 1234567");
        p.put("home_address", "Street " + n + ", 10115 Berlin");
        p.put("national_id", "ID" + (100000 + n));
        p.put("iban", "DE89370400440532013000");
        p.put("emergency_contact", "Contact of person " + n + ", +49 30 7654321");
        return p;
    }

    /** Creates a person; returns its id and ETag. */
    static String[] createPerson(Https http, Session session, int n) throws IOException, InterruptedException {
        var created = http.postJson("/api/v1/people", person(n), session.bearer()).expect(201);
        return new String[] {created.json().get("id").asString(), created.header("ETag")};
    }
}
