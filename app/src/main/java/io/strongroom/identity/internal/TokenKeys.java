package io.strongroom.identity.internal;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;

/** The keys {@link AccessTokens} signs and verifies with; {@link SigningKeys} keeps them in the database. */
interface TokenKeys {

    /** The private key that signs new access tokens now. */
    ECKey signingKey();

    /** The public keys that verify access tokens now. */
    JWKSet publicKeys();
}
