package io.strongroom.lifecycle.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import io.strongroom.crypto.SecretSealer;
import io.strongroom.platform.Ids;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deletion certificates (D2): a JSON document stating what was deleted, signed with ES256 as a JWS
 * with a detached payload (RFC 7515, appendix F: {@code <header>..<signature>}), so anyone holding
 * the document and its signature can check them against the published keys
 * ({@code /.well-known/deletion-certificate-keys}, a JWK set) with any JOSE library, or with
 * {@code POST /api/v1/deletion-certificates/verify}. The signing keys' private halves are sealed by
 * the master keyset; their public halves are published for ever, as a certificate is checked years
 * later. Call inside a transaction.
 */
final class DeletionCertificates {

    private static final Logger log = LoggerFactory.getLogger(DeletionCertificates.class);
    private static final DateTimeFormatter READABLE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final JdbcClient jdbc;
    private final SecretSealer sealer;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    DeletionCertificates(JdbcClient jdbc, SecretSealer sealer, Clock clock) {
        this.jdbc = jdbc;
        this.sealer = sealer;
        this.clock = clock;
    }

    /** A stored certificate: the document exactly as signed, and its detached signature. */
    record Certificate(UUID id, UUID workspaceId, Instant issuedAt, String document, String signature, String kid) {
    }

    /** What a check found. */
    record Verification(boolean valid, String kid, String certificateId, String reason) {
    }

    /** Signs {@code document} (its {@code certificate_id} is {@code id}) and stores it for the workspace. */
    Certificate issue(UUID id, UUID workspaceId, Map<String, Object> document) {
        String text = json.writeValueAsString(document) + "\n";
        ECKey key = signingKey();
        try {
            JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                    .contentType("application/json").build(), new Payload(text.getBytes(StandardCharsets.UTF_8)));
            jws.sign(new ECDSASigner(key));
            Certificate certificate = new Certificate(id, workspaceId, clock.instant(), text, jws.serialize(true),
                    key.getKeyID());
            jdbc.sql("""
                    insert into deletion_certificate (id, workspace_id, issued_at, document, signature, kid)
                    values (:id, :workspace, :issued, :document, :signature, :kid)
                    """).param("id", id).param("workspace", workspaceId)
                    .param("issued", Timestamp.from(certificate.issuedAt())).param("document", text)
                    .param("signature", certificate.signature()).param("kid", key.getKeyID()).update();
            return certificate;
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign the deletion certificate", e);
        }
    }

    Optional<Certificate> find(UUID id) {
        return jdbc.sql("select id, workspace_id, issued_at, document, signature, kid from deletion_certificate where id = :id")
                .param("id", id)
                .query((rs, n) -> new Certificate(rs.getObject("id", UUID.class), rs.getObject("workspace_id", UUID.class),
                        rs.getTimestamp("issued_at").toInstant(), rs.getString("document"), rs.getString("signature"),
                        rs.getString("kid")))
                .optional();
    }

    Optional<Certificate> ofWorkspace(UUID workspaceId) {
        return jdbc.sql("select id from deletion_certificate where workspace_id = :workspace")
                .param("workspace", workspaceId).query(UUID.class).optional().flatMap(this::find);
    }

    /** Every key that ever signed a certificate (public halves only). */
    JWKSet publicKeys() {
        return new JWKSet(new ArrayList<>(storedKeys().stream().map(ECKey::toPublicJWK).toList()));
    }

    /** Checks {@code signature} (compact JWS, detached payload) over exactly {@code document}. */
    Verification verify(String document, String signature) {
        JWSObject jws;
        try {
            jws = JWSObject.parse(signature, new Payload(document.getBytes(StandardCharsets.UTF_8)));
        } catch (ParseException e) {
            return new Verification(false, null, null, "The signature is not a compact JWS with a detached payload.");
        }
        String kid = jws.getHeader().getKeyID();
        if (!JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm())) {
            return new Verification(false, kid, null, "The signature does not use ES256.");
        }
        ECKey key = publicKeys().getKeys().stream().filter(k -> k.getKeyID().equals(kid)).map(k -> (ECKey) k)
                .findFirst().orElse(null);
        if (key == null) {
            return new Verification(false, kid, null, "No published key has this key id.");
        }
        try {
            if (!jws.verify(new ECDSAVerifier(key))) {
                return new Verification(false, kid, null, "The signature does not match the document.");
            }
        } catch (JOSEException e) {
            return new Verification(false, kid, null, "The signature cannot be checked with the published key.");
        }
        String certificateId;
        try {
            certificateId = json.readTree(document).path("certificate_id").asString(null);
        } catch (RuntimeException e) {
            certificateId = null;
        }
        return new Verification(true, kid, certificateId, null);
    }

    /** A readable rendering of the certificate (the JSON document is what the signature covers). */
    byte[] pdf(Certificate certificate) {
        var document = json.readTree(certificate.document());
        List<String> lines = new ArrayList<>();
        lines.add("Certificate id: " + certificate.id());
        lines.add("Workspace: " + document.path("workspace").path("name").asString("") + " ("
                + document.path("workspace").path("company_name").asString("") + "), id "
                + document.path("workspace").path("id").asString(""));
        lines.add("Data region: " + document.path("workspace").path("region").asString(""));
        lines.add("Account state before deletion: " + document.path("account_state").asString(""));
        lines.add("Deletion began: " + document.path("deletion_started_at").asString(""));
        lines.add("Deleted: " + document.path("deleted_at").asString(""));
        lines.add("");
        lines.add("Rows deleted: " + document.path("deleted").path("rows_total").asLong() + ", of them audit records: "
                + document.path("deleted").path("audit_records").asLong());
        for (var table : document.path("deleted").path("tables")) {
            lines.add("    " + table.path("table").asString("") + " (" + table.path("module").asString("") + "): "
                    + table.path("rows").asLong());
        }
        lines.add("");
        lines.add("Encryption keys destroyed (crypto-shredding):");
        for (var key : document.path("keys_destroyed")) {
            lines.add("    " + key.path("purpose").asString("") + ": key ids " + key.path("key_ids") + ", destroyed "
                    + key.path("destroyed_at").asString(""));
        }
        lines.add("");
        lines.add("Backups made unreadable and removed: " + document.path("backups").size());
        for (var backup : document.path("backups")) {
            lines.add("    " + backup.path("id").asString("") + " taken " + backup.path("taken_at").asString("") + " ("
                    + backup.path("store").asString("") + ")");
        }
        lines.add("");
        lines.addAll(wrap(document.path("statement").asString(""), 95));
        lines.add("");
        lines.add("Issued " + READABLE.format(certificate.issuedAt()) + ", signed with key " + certificate.kid() + " (ES256).");
        lines.add("Signature (JWS, detached payload; it covers the JSON document, not this rendering):");
        lines.addAll(wrap(certificate.signature(), 95));
        lines.add("Check it: POST the document and the signature to /api/v1/deletion-certificates/verify, or verify");
        lines.add("the JWS with the key set published at /.well-known/deletion-certificate-keys.");
        try (PDDocument pdf = new PDDocument(); InputStream font = PDDocument.class
                .getResourceAsStream("/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf")) {
            PDType0Font regular = PDType0Font.load(pdf, font);
            PDPage page = null;
            PDPageContentStream content = null;
            float y = 0;
            for (int i = -1; i < lines.size(); i++) {
                if (content == null || y < 60) {
                    if (content != null) {
                        content.endText();
                        content.close();
                    }
                    page = new PDPage(PDRectangle.A4);
                    pdf.addPage(page);
                    content = new PDPageContentStream(pdf, page);
                    content.beginText();
                    y = page.getMediaBox().getHeight() - 60;
                    content.newLineAtOffset(50, y);
                }
                if (i == -1) {
                    content.setFont(regular, 16);
                    content.showText("Strongroom deletion certificate");
                    content.newLineAtOffset(0, -28);
                    y -= 28;
                    content.setFont(regular, 9);
                    continue;
                }
                content.showText(printable(lines.get(i), regular));
                content.newLineAtOffset(0, -13);
                y -= 13;
            }
            content.endText();
            content.close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            pdf.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot render the deletion certificate", e);
        }
    }

    /** The newest signing key, made on first need. */
    private ECKey signingKey() {
        List<ECKey> keys = storedKeys();
        if (!keys.isEmpty()) {
            return keys.getLast();
        }
        try {
            Instant now = clock.instant();
            ECKey key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .keyID("deletion-" + DateTimeFormatter.BASIC_ISO_DATE.withZone(ZoneOffset.UTC).format(now) + "-"
                            + Ids.newId().toString().substring(0, 8))
                    .generate();
            jdbc.sql("""
                    insert into certificate_signing_key (kid, public_jwk, sealed_private, created_at)
                    values (:kid, :public, :sealed, :created)
                    """).param("kid", key.getKeyID()).param("public", key.toPublicJWK().toJSONString())
                    .param("sealed", sealer.seal(key.toJSONString().getBytes(StandardCharsets.UTF_8), context(key.getKeyID())))
                    .param("created", Timestamp.from(now)).update();
            log.info("Made the deletion-certificate signing key {}", key.getKeyID());
            return key;
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot make a deletion-certificate signing key", e);
        }
    }

    /**
     * The stored keys, oldest first. A row whose published public key is not the public half of its
     * sealed private key (written by someone without the master keyset) is ignored.
     */
    private List<ECKey> storedKeys() {
        List<ECKey> keys = new ArrayList<>();
        jdbc.sql("select kid, public_jwk, sealed_private from certificate_signing_key order by created_at, kid")
                .query((rs, n) -> {
                    String kid = rs.getString("kid");
                    try {
                        ECKey key = ECKey.parse(new String(sealer.open(rs.getBytes("sealed_private"), context(kid)),
                                StandardCharsets.UTF_8));
                        ECKey published = ECKey.parse(rs.getString("public_jwk"));
                        if (kid.equals(key.getKeyID()) && published.equals(key.toPublicJWK())) {
                            keys.add(key);
                        } else {
                            log.error("Deletion-certificate key {} does not match its published half; ignored", kid);
                        }
                    } catch (ParseException | IllegalStateException e) {
                        log.error("Deletion-certificate key {} cannot be opened; ignored", kid);
                    }
                    return kid;
                }).list();
        return keys;
    }

    private static String context(String kid) {
        return "certificate_signing_key:" + kid;
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            while (word.length() > width) {
                if (!line.isEmpty()) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                lines.add(word.substring(0, width));
                word = word.substring(width);
            }
            if (line.length() + word.length() + 1 > width && !line.isEmpty()) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.isEmpty() ? "" : " ").append(word);
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    /**
     * The line as the font can show it: control characters become spaces, characters the font has no
     * glyph for (a company name in a script Liberation Sans lacks) become {@code ?}; the JSON keeps them.
     */
    private static String printable(String line, PDType0Font font) {
        StringBuilder out = new StringBuilder();
        line.codePoints().forEach(c -> {
            String character = Character.isISOControl(c) ? " " : new String(Character.toChars(c));
            try {
                font.encode(character);
                out.append(character);
            } catch (IOException | IllegalArgumentException e) {
                out.append('?');
            }
        });
        return out.toString();
    }
}
