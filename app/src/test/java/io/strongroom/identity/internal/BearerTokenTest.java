package io.strongroom.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The {@code Authorization} header is read with character checks (RFC 6750 b64token), hostile input included. */
class BearerTokenTest {

    @Test
    @Tag("A8")
    void readsBearerTokensAndIgnoresOtherSchemes() {
        assertThat(TokenSecurity.bearerToken("Bearer eyJ.abc-_~+/.x9==")).isEqualTo("eyJ.abc-_~+/.x9==");
        assertThat(TokenSecurity.bearerToken("bearer abc")).isEqualTo("abc");
        assertThat(TokenSecurity.bearerToken("BEARER abc")).isEqualTo("abc");
        assertThat(TokenSecurity.bearerToken("Basic dXNlcjpwYXNz")).isNull();
        assertThat(TokenSecurity.bearerToken("")).isNull();
        assertThat(TokenSecurity.bearerToken("Bear")).isNull();
    }

    @Test
    @Tag("A8")
    void refusesMalformedBearerHeaders() {
        for (String header : List.of("Bearer", "Bearer ", "Bearer  abc", "Bearer a b", "Bearer a\nb", "Bearer a\rb",
                "Bearer ===", "Bearer a=b", "Bearer a\u0000", "Bearer a,b", "Bearer \"abc\"", "Bearerx abc",
                "Bearer\tabc", "Bearer é")) {
            assertThatThrownBy(() -> TokenSecurity.bearerToken(header)).as(header)
                    .isInstanceOf(AccessTokens.InvalidTokenException.class);
        }
    }
}
