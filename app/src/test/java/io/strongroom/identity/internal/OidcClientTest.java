package io.strongroom.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A7: an identity provider is reached over https only, unless a test server is allowed explicitly. */
class OidcClientTest {

    @Test
    @Tag("A7")
    void providersAreReachedOverHttpsOnlyByDefault() {
        OidcClient secure = new OidcClient(Clock.systemUTC(), false);
        assertThat(secure.acceptable(URI.create("https://accounts.google.com"))).isTrue();
        assertThat(secure.acceptable(URI.create("https://login.microsoftonline.com/x/v2.0"))).isTrue();
        assertThat(secure.acceptable(URI.create("http://accounts.google.com"))).as("no plain http").isFalse();
        assertThat(secure.acceptable(URI.create("https://idp.example/?a=b"))).isFalse();
        assertThat(secure.acceptable(URI.create("https://idp.example/#x"))).isFalse();
        assertThat(secure.acceptable(URI.create("https://user:pw@idp.example/"))).isFalse();
        assertThat(secure.acceptable(URI.create("file:///etc/passwd"))).isFalse();
        assertThat(secure.acceptable(URI.create("idp.example"))).isFalse();
        assertThat(new OidcClient(Clock.systemUTC(), true).acceptable(URI.create("http://127.0.0.1:8080/issuer")))
                .as("only where allowed (tests)").isTrue();
    }
}
