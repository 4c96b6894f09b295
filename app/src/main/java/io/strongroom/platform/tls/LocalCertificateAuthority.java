package io.strongroom.platform.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private certificate authority of one installation, for a TLS server whose clients are
 * Strongroom's own (the embedded database's replication listener and its standby): the clients
 * trust the authority's certificate, so the server certificate can be renewed or re-issued for
 * other names without touching them. ECDSA P-256 throughout; the authority lives 20 years, the
 * server certificate 5 and is re-issued at {@link #ensure} when it expires within 90 days, when its
 * names differ from the ones asked for, or when the authority changed. Files, all PEM, in one
 * owner-only directory: {@code <name>-ca.crt}, {@code <name>-ca.key}, {@code <name>.crt} and
 * {@code <name>.key} (keys readable by their owner only).
 */
public final class LocalCertificateAuthority {

    private static final Logger log = LoggerFactory.getLogger(LocalCertificateAuthority.class);
    private static final Duration AUTHORITY_VALIDITY = Duration.ofDays(20 * 365);
    private static final Duration SERVER_VALIDITY = Duration.ofDays(5 * 365);
    private static final Duration RENEW_BEFORE = Duration.ofDays(90);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern IPV4 = Pattern.compile("([0-9]{1,3}\\.){3}[0-9]{1,3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private LocalCertificateAuthority() {
    }

    /** The files of a server certificate and the authority that issued it. */
    public record Issued(Path authorityCertificate, Path certificate, Path privateKey) {
    }

    /**
     * Makes sure {@code directory} holds an authority and a current server certificate for exactly
     * {@code names} (host names and IP addresses, the first is the subject's common name).
     */
    public static Issued ensure(Path directory, String name, List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("A server certificate needs at least one name");
        }
        Path authorityCertificate = directory.resolve(name + "-ca.crt");
        Path authorityKey = directory.resolve(name + "-ca.key");
        Issued issued = new Issued(authorityCertificate, directory.resolve(name + ".crt"), directory.resolve(name + ".key"));
        try {
            Files.createDirectories(directory);
            boolean newAuthority = false;
            if (!usable(authorityCertificate, authorityKey, AUTHORITY_VALIDITY.dividedBy(4))) {
                createAuthority(authorityCertificate, authorityKey, name);
                newAuthority = true;
            }
            X509Certificate authority = Pem.readCertificate(authorityCertificate);
            if (newAuthority || !current(issued, authority, names)) {
                issueServerCertificate(issued, authority, readKey(authorityKey), names);
                log.info("Issued a TLS certificate for {} in {}", names, issued.certificate());
            }
            return issued;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make the TLS certificate in " + directory, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot make the TLS certificate in " + directory, e);
        }
    }

    /** The names a server certificate is valid for (DNS names in lower case, IP addresses normalised). */
    public static Set<String> names(Path certificate) {
        try {
            return namesOf(Pem.readCertificate(certificate));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the certificate " + certificate, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the certificate " + certificate, e);
        }
    }

    /** {@code name} as {@link #names} spells it: an IP address in its canonical form, a host name in lower case. */
    public static String normalise(String name) {
        if (isIpLiteral(name)) {
            try {
                return InetAddress.getByName(name).getHostAddress(); // a checked literal: parsed, never looked up
            } catch (UnknownHostException e) {
                return name;
            }
        }
        return name.toLowerCase(Locale.ROOT);
    }

    /** Whether {@code value} is an IPv4 address in dotted-quad form or an IPv6 address (checked without any lookup). */
    public static boolean isIpLiteral(String value) {
        if (IPV4.matcher(value).matches()) {
            for (String octet : value.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return true;
        }
        if (!IPV6.matcher(value).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(value) instanceof java.net.Inet6Address; // a colon: parsed as a literal only
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean usable(Path certificate, Path key, Duration renewBefore) throws IOException {
        if (!Files.exists(certificate) || !Files.exists(key)) {
            return false;
        }
        try {
            X509Certificate cert = Pem.readCertificate(certificate);
            readKey(key);
            return cert.getNotAfter().toInstant().isAfter(Instant.now().plus(renewBefore));
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            log.warn("The stored certificate {} or its key is unreadable; making a new one", certificate);
            return false;
        }
    }

    private static boolean current(Issued issued, X509Certificate authority, List<String> names) throws IOException {
        if (!usable(issued.certificate(), issued.privateKey(), RENEW_BEFORE)) {
            return false;
        }
        try {
            X509Certificate certificate = Pem.readCertificate(issued.certificate());
            certificate.verify(authority.getPublicKey());
            Set<String> wanted = new TreeSet<>();
            names.forEach(n -> wanted.add(normalise(n)));
            return namesOf(certificate).equals(wanted);
        } catch (GeneralSecurityException e) {
            return false; // issued by another authority
        }
    }

    private static Set<String> namesOf(X509Certificate certificate) throws GeneralSecurityException {
        Set<String> names = new TreeSet<>();
        Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
        if (alternatives != null) {
            for (List<?> alternative : alternatives) {
                names.add(normalise(String.valueOf(alternative.get(1))));
            }
        }
        return names;
    }

    private static void createAuthority(Path certificate, Path key, String name)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPair keys = newKeys();
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=Strongroom " + name + " authority " + now.getEpochSecond());
        var builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(AUTHORITY_VALIDITY)), subject, keys.getPublic());
        var extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                extensions.createSubjectKeyIdentifier(keys.getPublic()));
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        Pem.writeAtomically(key, Pem.encode(new PemObject("PRIVATE KEY", keys.getPrivate().getEncoded())), "rw-------");
        Pem.writeAtomically(certificate, Pem.encode(cert), "rw-r--r--");
    }

    private static void issueServerCertificate(Issued issued, X509Certificate authority, PrivateKey authorityKey,
            List<String> names) throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPair keys = newKeys();
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(authority, serial(), Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(SERVER_VALIDITY)), new X500Name("CN=" + names.getFirst()), keys.getPublic());
        var extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.subjectAlternativeName, false, SelfSignedCertificate.subjectAlternativeNames(names));
        builder.addExtension(Extension.authorityKeyIdentifier, false,
                extensions.createAuthorityKeyIdentifier(authority));
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(authorityKey)));
        Pem.writeAtomically(issued.privateKey(), Pem.encode(new PemObject("PRIVATE KEY", keys.getPrivate().getEncoded())),
                "rw-------");
        Pem.writeAtomically(issued.certificate(), Pem.encode(cert), "rw-r--r--");
    }

    private static KeyPair newKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(128, RANDOM);
    }

    private static PrivateKey readKey(Path file) throws IOException, GeneralSecurityException {
        try (PemReader reader = new PemReader(Files.newBufferedReader(file))) {
            PemObject object = reader.readPemObject();
            if (object == null || !"PRIVATE KEY".equals(object.getType())) {
                throw new GeneralSecurityException(file + " holds no PKCS#8 private key");
            }
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(object.getContent()));
        }
    }
}
