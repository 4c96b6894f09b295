package io.strongroom.identity.internal;

import java.security.interfaces.ECPrivateKey;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.util.Base64URL;

/** P-256 arithmetic the JDK does not expose: the public point of a private scalar (Q = d·G), by Bouncy Castle. */
final class P256 {

    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256r1");
    private static final int COORDINATE_BYTES = 32;

    private P256() {
    }

    /** The public JWK that belongs to this private key, computed from it (never read from storage). */
    static ECKey publicKeyOf(ECPrivateKey privateKey, String kid) {
        java.math.BigInteger d = privateKey.getS();
        if (d.signum() <= 0 || d.compareTo(CURVE.getN()) >= 0) {
            throw new IllegalArgumentException("private scalar out of range");
        }
        ECPoint q = new FixedPointCombMultiplier().multiply(CURVE.getG(), d).normalize();
        return new ECKey.Builder(Curve.P_256,
                Base64URL.encode(unsigned(q.getAffineXCoord().toBigInteger())),
                Base64URL.encode(unsigned(q.getAffineYCoord().toBigInteger())))
                .keyID(kid).algorithm(JWSAlgorithm.ES256).keyUse(KeyUse.SIGNATURE).build();
    }

    private static byte[] unsigned(java.math.BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] fixed = new byte[COORDINATE_BYTES];
        int copy = Math.min(raw.length, COORDINATE_BYTES);
        System.arraycopy(raw, raw.length - copy, fixed, COORDINATE_BYTES - copy, copy);
        return fixed;
    }
}
