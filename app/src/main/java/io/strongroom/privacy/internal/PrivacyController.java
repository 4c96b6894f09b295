package io.strongroom.privacy.internal;

import java.util.Map;

import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.strongroom.platform.SelfService;
import io.strongroom.tenancy.TenantDirectory;

/** {@code GET /api/v1/privacy/processing-record}: how the workspace's data is processed (G4), for every member. */
@RestController
class PrivacyController {

    private final ProcessingRecord record;
    private final TenantDirectory tenants;
    private final TransactionTemplate read;

    PrivacyController(ProcessingRecord record, TenantDirectory tenants, TransactionTemplate read) {
        this.record = record;
        this.tenants = tenants;
        this.read = read;
    }

    @SelfService("how the workspace's data is processed, which every member may know")
    @GetMapping("/api/v1/privacy/processing-record")
    Map<String, Object> processingRecord() {
        return record.of(read.execute(tx -> tenants.current()).orElseThrow());
    }
}
