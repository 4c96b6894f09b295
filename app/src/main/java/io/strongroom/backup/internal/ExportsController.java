package io.strongroom.backup.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.strongroom.identity.Caller;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.StepUp;

/**
 * {@code /api/v1/exports}: a full export of the workspace (D1), the Owner's: ask for one (202 + the
 * job), follow it, download the archive (HTTP range requests resume a broken download) until it
 * expires. Open in a read-only workspace as well.
 */
@RestController
class ExportsController {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{0,19})-(\\d{0,19})");

    private final Exports exports;

    ExportsController(Exports exports) {
        this.exports = exports;
    }

    /** @param passphrase when given (12-200 characters), the archive is encrypted to it (OpenPGP, {@code gpg -d}) */
    record ExportRequest(String passphrase) {
    }

    @PreAuthorize("hasAuthority('exports:create')")
    @StepUp("puts every personal field of the workspace into one file")
    @PostMapping("/api/v1/exports")
    public ResponseEntity<Map<String, Object>> create(@RequestBody(required = false) ExportRequest request) {
        Exports.Job job = exports.request(Caller.require().userId(), request == null ? null : request.passphrase());
        return ResponseEntity.accepted().location(URI.create("/api/v1/exports/" + job.id())).body(view(job));
    }

    @PreAuthorize("hasAuthority('exports:create')")
    @GetMapping("/api/v1/exports")
    public Map<String, Object> list() {
        return Map.of("items", exports.list().stream().map(ExportsController::view).toList());
    }

    @PreAuthorize("hasAuthority('exports:create')")
    @GetMapping("/api/v1/exports/{id}")
    public Map<String, Object> get(@PathVariable UUID id) {
        return view(exports.find(id).orElseThrow(() -> ApiProblem.notFound("The export")));
    }

    /**
     * The archive; {@code Range: bytes=<from>-[<to>]} answers 206 with that part (one range; a range
     * past the end is a 416).
     */
    @PreAuthorize("hasAuthority('exports:create')")
    @StepUp("downloads every personal field of the workspace")
    @GetMapping("/api/v1/exports/{id}/download")
    public ResponseEntity<StreamingResponseBody> download(@PathVariable UUID id,
            @RequestHeader(value = HttpHeaders.RANGE, required = false) String range) {
        Exports.Job job = exports.find(id).orElseThrow(() -> ApiProblem.notFound("The export"));
        long size = job.sizeBytes() == null ? 0 : job.sizeBytes();
        long start = 0;
        long end = size - 1;
        boolean partial = false;
        if (range != null && job.state().equals("succeeded")) {
            Matcher matcher = RANGE.matcher(range.strip());
            if (matcher.matches() && !(matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
                try {
                    if (matcher.group(1).isEmpty()) { // the last n bytes
                        start = Math.max(0, size - Long.parseLong(matcher.group(2)));
                    } else {
                        start = Long.parseLong(matcher.group(1));
                        end = matcher.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(matcher.group(2)));
                    }
                } catch (NumberFormatException e) {
                    start = size; // unsatisfiable below
                }
                if (start >= size || start > end) {
                    return ResponseEntity.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                            .header(HttpHeaders.CONTENT_RANGE, "bytes */" + size).build();
                }
                partial = true;
            } // another unit or several ranges: the whole archive (RFC 9110 lets a server ignore Range)
        }
        Exports.Download download = exports.open(id, start);
        long length = end - start + 1;
        InputStream content = download.content();
        StreamingResponseBody body = out -> {
            try (InputStream in = content) {
                byte[] buffer = new byte[64 * 1024];
                long left = length;
                while (left > 0) {
                    int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (read < 0) {
                        throw new IOException("The archive ended early");
                    }
                    out.write(buffer, 0, read);
                    left -= read;
                }
            }
        };
        ResponseEntity.BodyBuilder response = ResponseEntity.status(partial ? HttpStatus.PARTIAL_CONTENT : HttpStatus.OK)
                .header(HttpHeaders.ACCEPT_RANGES, "bytes")
                .header(HttpHeaders.CONTENT_TYPE, download.contentType())
                .header(HttpHeaders.CONTENT_LENGTH, Long.toString(length))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(download.fileName())
                        .build().toString())
                .eTag("\"" + job.sha256() + "\"");
        if (partial) {
            response.header(HttpHeaders.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + size);
        }
        return response.body(body);
    }

    static Map<String, Object> view(Exports.Job job) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", job.id());
        view.put("state", job.state());
        view.put("requested_by", job.requestedBy());
        view.put("requested_at", job.requestedAt());
        view.put("started_at", job.startedAt());
        view.put("finished_at", job.finishedAt());
        view.put("expires_at", job.expiresAt());
        view.put("passphrase_protected", job.passphraseProtected());
        view.put("progress", Map.of("tables_done", job.tablesDone(), "tables_total",
                job.tablesTotal() == null ? 0 : job.tablesTotal()));
        view.put("rows", job.rows());
        view.put("size_bytes", job.sizeBytes());
        view.put("sha256", job.sha256());
        view.put("downloads", job.downloads());
        view.put("error", job.error());
        view.put("download", job.state().equals("succeeded") ? "/api/v1/exports/" + job.id() + "/download" : null);
        return view;
    }
}
