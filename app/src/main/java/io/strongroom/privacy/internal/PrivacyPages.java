package io.strongroom.privacy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import io.strongroom.platform.SelfService;
import io.strongroom.tenancy.TenantDirectory;
import io.strongroom.web.PageController;

/**
 * {@code /app/privacy}: the record of processing (G4) as a page, in the reader's language, for every
 * member: the same record as {@code GET /api/v1/privacy/processing-record}, its texts from the
 * message bundles by key (module, category, kind of subject, measure).
 */
@PageController
class PrivacyPages {

    private final ProcessingRecord record;
    private final TenantDirectory tenants;
    private final TransactionTemplate read;

    PrivacyPages(ProcessingRecord record, TenantDirectory tenants, TransactionTemplate read) {
        this.record = record;
        this.tenants = tenants;
        this.read = read;
    }

    @SelfService("how the workspace's data is processed, which every member may know")
    @GetMapping("/app/privacy")
    String record(Model model) {
        Map<String, Object> built = record.of(read.execute(tx -> tenants.current()).orElseThrow());
        model.addAttribute("record", built);
        List<Map<String, Object>> measures = new ArrayList<>();
        record.measures().forEach(m -> measures.add(Map.of("key", m.key(), "value", m.value())));
        model.addAttribute("measures", measures);
        return "privacy/record";
    }
}
