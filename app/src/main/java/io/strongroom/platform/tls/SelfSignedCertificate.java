package io.strongroom.platform.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The self-signed certificate used when no certificate is configured: an ECDSA P-256 key and a
 * one-year certificate for the configured host names, stored as PEM under
 * {@code $STRONGROOM_HOME/tls/} (the private key readable by its owner only) and replaced when it
 * is about to expire.
 */
final class SelfSignedCertificate {

    private static final Logger log = LoggerFactory.getLogger(SelfSignedCertificate.class);
    static final String CERTIFICATE_FILE = "certificate.pem";
    static final String PRIVATE_KEY_FILE = "private-key.pem";
    private static final Duration VALIDITY = Duration.ofDays(365);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private SelfSignedCertificate() {
    }

    /** Ensures a usable certificate exists in {@code directory}; returns its two paths. */
    static Paths ensure(Path directory, List<String> names) {
        Paths paths = new Paths(directory.resolve(CERTIFICATE_FILE), directory.resolve(PRIVATE_KEY_FILE));
        try {
            if (Files.exists(paths.certificate()) && Files.exists(paths.privateKey())
                    && stillValid(paths.certificate())) {
                return paths;
            }
            Files.createDirectories(directory);
            generate(paths, names);
            log.info("Generated a self-signed TLS certificate for {} in {}", names, directory);
            return paths;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the self-signed certificate in " + directory, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot create the self-signed certificate", e);
        }
    }

    private static boolean stillValid(Path certificate) throws IOException {
        try {
            X509Certificate cert = Pem.readCertificate(certificate);
            return cert.getNotAfter().toInstant().isAfter(Instant.now().plus(RENEW_BEFORE));
        } catch (GeneralSecurityException e) {
            log.warn("The stored self-signed certificate {} is unreadable; generating a new one", certificate);
            return false;
        }
    }

    private static void generate(Paths paths, List<String> names)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        KeyPair keys = generator.generateKeyPair();

        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=" + names.getFirst() + ",O=Strongroom (self-signed)");
        var builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(128, new SecureRandom()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames(names));
        X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);

        Pem.writeAtomically(paths.privateKey(), Pem.encode(new PemObject("PRIVATE KEY", keys.getPrivate().getEncoded())), "rw-------");
        Pem.writeAtomically(paths.certificate(), Pem.encode(certificate), "rw-r--r--");
    }

    static GeneralNames subjectAlternativeNames(List<String> names) {
        List<GeneralName> alternatives = new ArrayList<>();
        for (String name : names) {
            boolean ip = name.matches("[0-9.]+") || name.contains(":");
            alternatives.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name));
        }
        return new GeneralNames(alternatives.toArray(GeneralName[]::new));
    }

    record Paths(Path certificate, Path privateKey) {
    }
}
