package io.strongroom.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import com.nimbusds.jwt.SignedJWT;

import io.strongroom.platform.database.DatabaseServer;
import io.strongroom.platform.database.PgNotificationListener;
import io.strongroom.platform.database.TenantBindingTransactionManager;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.Await;
import io.strongroom.testsupport.TestDatabase;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Tokens;
import io.strongroom.testsupport.TestUsers.Workspace;

/**
 * A10 across nodes: a session ended on one node (the running application) is known to every
 * other node through LISTEN/NOTIFY; a node that was away catches up when it connects; a node that
 * cannot vouch for its set asks the database. The other nodes here are extra instances of the
 * same components in this JVM, each with its own listening connection.
 */
@Tag("A10")
class SessionRevocationNodesTest extends ApiTest {

    final DataSource runtime = TestDatabase.get().runtimeDataSource();
    final DatabaseServer server = new DatabaseServer.External(TestDatabase.get().jdbcUrl(), TestDatabase.get().owner(),
            TestDatabase.get().runtime());

    @Test
    void aSessionEndedOnOneNodeIsKnownOnAnotherWithoutAskingTheDatabase() throws Exception {
        PgNotificationListener listener = new PgNotificationListener(server);
        SessionRevocations node = node(listener);
        listener.start();
        try {
            Await.until(() -> listener.confirmedWithin(Duration.ofSeconds(1)), "the other node listens");
            Workspace ws = TestUsers.signUp(client(), "nodes");
            Tokens tokens = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
            UUID session = sessionOf(tokens.access());
            assertThat(node.remembers(session)).isFalse();

            assertThat(bearer(tokens.access()).post("/api/v1/auth/logout", "").status()).isEqualTo(204);
            Await.until(() -> node.remembers(session), "the NOTIFY reached the other node");
            assertThat(node.isRevoked(ws.tenantId(), session)).isTrue();
        } finally {
            listener.stop();
        }
    }

    /** The node that ends a session knows at commit, without waiting for its own NOTIFY (listener stopped here). */
    @Test
    void theNodeThatEndsASessionKnowsAtCommit(@Autowired PgNotificationListener appListener,
            @Autowired SessionRevocations appRevocations) throws Exception {
        Workspace ws = TestUsers.signUp(client(), "atcommit");
        Tokens tokens = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        UUID session = sessionOf(tokens.access());
        appListener.stop();
        try {
            assertThat(bearer(tokens.access()).post("/api/v1/auth/logout", "").status()).isEqualTo(204);
            assertThat(appRevocations.remembers(session)).as("known from the commit, not from a notification").isTrue();
        } finally {
            appListener.start();
        }
        Await.until(() -> appListener.confirmedWithin(Duration.ofSeconds(1)), "the application listens again");
    }

    @Test
    void aNodeThatWasAwayCatchesUpWhenItConnects() throws Exception {
        Workspace ws = TestUsers.signUp(client(), "catchup");
        Tokens tokens = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        UUID session = sessionOf(tokens.access());
        assertThat(bearer(tokens.access()).post("/api/v1/auth/logout", "").status()).isEqualTo(204);

        PgNotificationListener listener = new PgNotificationListener(server);
        SessionRevocations late = node(listener);
        listener.start();
        try {
            Await.until(() -> listener.confirmedWithin(Duration.ofSeconds(1)), "the late node listens");
            assertThat(late.remembers(session)).as("learned from session_revocation on connecting").isTrue();
        } finally {
            listener.stop();
        }
    }

    @Test
    void aNodeThatCannotVouchForItsSetAsksTheDatabase() throws Exception {
        PgNotificationListener neverStarted = new PgNotificationListener(server);
        SessionRevocations blind = node(neverStarted);
        assertThat(neverStarted.confirmedWithin(Duration.ofDays(1))).isFalse();
        Workspace ws = TestUsers.signUp(client(), "blind");
        Tokens live = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        Tokens ended = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        assertThat(bearer(ended.access()).post("/api/v1/auth/logout", "").status()).isEqualTo(204);

        assertThat(blind.isRevoked(ws.tenantId(), sessionOf(live.access()))).isFalse();
        assertThat(blind.isRevoked(ws.tenantId(), sessionOf(ended.access()))).isTrue();
        assertThat(blind.isRevoked(ws.tenantId(), UUID.randomUUID())).as("an unknown session is no session").isTrue();
        assertThat(blind.isRevoked(UUID.randomUUID(), sessionOf(live.access()))).as("nor one of another tenant").isTrue();
    }

    private SessionRevocations node(PgNotificationListener listener) {
        return new SessionRevocations(listener, JdbcClient.create(runtime),
                new TransactionTemplate(new TenantBindingTransactionManager(runtime)));
    }

    private static UUID sessionOf(String access) throws Exception {
        return UUID.fromString(SignedJWT.parse(access).getJWTClaimsSet().getStringClaim("sid"));
    }
}
