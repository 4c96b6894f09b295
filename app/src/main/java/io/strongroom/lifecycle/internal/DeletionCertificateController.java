package io.strongroom.lifecycle.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ApiProblem.FieldProblem;

import jakarta.annotation.security.PermitAll;

/**
 * Deletion certificates for anyone who holds one (the former Owners, their auditors): the published
 * keys, a check of a certificate and its signature, and the PDF rendering by the certificate's id
 * (a random UUID, which only the certificate's mail and the certificate itself carry).
 */
@RestController
class DeletionCertificateController {

    private static final int MAX_DOCUMENT = 256 * 1024;

    private final DeletionCertificates certificates;
    private final TransactionTemplate read;

    DeletionCertificateController(DeletionCertificates certificates, TransactionTemplate read) {
        this.certificates = certificates;
        this.read = read;
    }

    /** The keys that sign deletion certificates, as a JWK set (public halves only; none is ever withdrawn). */
    @PermitAll
    @GetMapping("/.well-known/deletion-certificate-keys")
    ResponseEntity<Map<String, Object>> keys() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(10)).cachePublic())
                .body(read.execute(tx -> certificates.publicKeys()).toJSONObject(true));
    }

    record VerifyRequest(String document, String signature) {
    }

    /** Whether {@code signature} is a valid signature of exactly {@code document} by a published key. */
    @PermitAll
    @PostMapping("/api/v1/deletion-certificates/verify")
    Map<String, Object> verify(@RequestBody VerifyRequest request) {
        java.util.List<FieldProblem> problems = new java.util.ArrayList<>();
        if (request.document() == null || request.document().isEmpty()) {
            problems.add(new FieldProblem("document", "is required"));
        } else if (request.document().length() > MAX_DOCUMENT) {
            problems.add(new FieldProblem("document", "must be at most " + MAX_DOCUMENT + " characters"));
        }
        if (request.signature() == null || request.signature().isBlank()) {
            problems.add(new FieldProblem("signature", "is required"));
        } else if (request.signature().length() > 4096) {
            problems.add(new FieldProblem("signature", "must be at most 4096 characters"));
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.validation(problems);
        }
        DeletionCertificates.Verification result = read.execute(tx -> certificates.verify(request.document(),
                request.signature().strip()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("valid", result.valid());
        out.put("kid", result.kid());
        out.put("certificate_id", result.certificateId());
        out.put("reason", result.reason());
        return out;
    }

    /** The readable rendering of a certificate. */
    @PermitAll
    @GetMapping("/deletion-certificates/{id}")
    ResponseEntity<byte[]> certificate(@PathVariable String id) {
        UUID parsed;
        try {
            parsed = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.notFound("The certificate");
        }
        DeletionCertificates.Certificate certificate = read.execute(tx -> certificates.find(parsed))
                .orElseThrow(() -> ApiProblem.notFound("The certificate"));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                        .filename("deletion-certificate-" + certificate.id() + ".pdf").build().toString())
                .body(certificates.pdf(certificate));
    }
}
