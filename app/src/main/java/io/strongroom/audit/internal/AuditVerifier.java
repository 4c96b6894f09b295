package io.strongroom.audit.internal;

import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.micrometer.core.instrument.MeterRegistry;
import io.strongroom.platform.TenantContext;

/**
 * Re-computes the bound tenant's chain from the first record: each record's {@code prev_hash} must
 * be the previous record's hash, its hash must match its content, sequence numbers must have no
 * gaps, and personal values still present must match their commitments. Then the trail must still
 * hold the record of the latest signed checkpoint (written outside the database, see
 * {@link AuditCheckpoints}) with the same hash: deleting the newest records and rewinding the chain
 * head keeps the chain intact but is named as truncation. Reports the first record that breaks any
 * of this.
 */
@Component
class AuditVerifier {

    private final AuditRepository records;
    private final AuditCheckpoints checkpoints;
    private final MeterRegistry meters;

    AuditVerifier(AuditRepository records, AuditCheckpoints checkpoints, MeterRegistry meters) {
        this.records = records;
        this.checkpoints = checkpoints;
        this.meters = meters;
        verifications("ok");
        verifications("broken"); // exported at 0 from the start, so the alert's increase() sees the first one
    }

    private io.micrometer.core.instrument.Counter verifications(String result) {
        return meters.counter("strongroom.audit.verifications", "result", result);
    }

    /**
     * Verifies the bound tenant's trail and counts the outcome in
     * {@code strongroom_audit_verifications_total{result="ok"|"broken"}} (any "broken" is alerted).
     */
    @Transactional(readOnly = true)
    Result verify() {
        Result result = check();
        verifications(result.ok() ? "ok" : "broken").increment();
        return result;
    }

    private Result check() {
        Optional<AuditCheckpoints.Checkpoint> checkpoint;
        try {
            checkpoint = checkpoints.latest(TenantContext.require());
        } catch (AuditCheckpoints.TamperedCheckpoint e) {
            return new Result(false, 0, null, null, e.getMessage());
        }
        byte[][] atCheckpoint = new byte[1][];
        AtomicReference<byte[]> previous = new AtomicReference<>(AuditHashing.GENESIS);
        long[] expectedSeq = {1};
        long[] checked = {0};
        AtomicReference<Result> broken = new AtomicReference<>();
        records.forEachInOrder(record -> {
            if (broken.get() != null) {
                return;
            }
            checked[0]++;
            String problem = null;
            if (record.seq() != expectedSeq[0]) {
                problem = "sequence gap: expected " + expectedSeq[0] + ", found " + record.seq();
            } else if (!Arrays.equals(record.prevHash(), previous.get())) {
                problem = "its prev_hash does not match the previous record's hash";
            } else if (!Arrays.equals(record.hash(), AuditHashing.hash(record.prevHash(), record.hashedFields()))) {
                problem = "its content does not match its hash";
            } else if (!commitmentsHold(record)) {
                problem = "its personal values do not match their commitments";
            }
            if (problem != null) {
                broken.set(new Result(false, checked[0], record.seq(), record.id().toString(), problem));
                return;
            }
            if (checkpoint.isPresent() && record.seq() == checkpoint.get().seq()) {
                atCheckpoint[0] = record.hash();
            }
            previous.set(record.hash());
            expectedSeq[0]++;
        });
        if (broken.get() != null) {
            return broken.get();
        }
        if (checkpoint.isPresent()) {
            AuditCheckpoints.Checkpoint anchor = checkpoint.get();
            long last = expectedSeq[0] - 1;
            if (last < anchor.seq()) {
                return new Result(false, checked[0], last + 1, null, "truncated: the trail ends at record " + last
                        + " but the signed checkpoint of " + anchor.at() + " recorded " + anchor.seq() + " records");
            }
            if (!Base64.getEncoder().encodeToString(atCheckpoint[0]).equals(anchor.hash())) {
                return new Result(false, checked[0], anchor.seq(), null, "record " + anchor.seq()
                        + " differs from the signed checkpoint of " + anchor.at() + " (the trail was rewritten)");
            }
        }
        return new Result(true, checked[0], null, null, null);
    }

    @SuppressWarnings("unchecked")
    private static boolean commitmentsHold(AuditRecord record) {
        if (record.personalDiff() == null) {
            return true; // erased, or never had personal values
        }
        byte[] salt = Base64.getDecoder().decode((String) record.personalDiff().get("salt"));
        Map<String, Object> fields = (Map<String, Object>) record.personalDiff().get("fields");
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            Map<String, Object> values = (Map<String, Object>) field.getValue();
            Object committed = record.diff().get(field.getKey());
            if (!(committed instanceof Map<?, ?> commitment)) {
                return false;
            }
            for (String side : new String[] {"from", "to"}) {
                Object value = values.get(side);
                String text = value == null ? null : AuditHashing.CANONICAL.writeValueAsString(value);
                if (!AuditHashing.commitment(salt, field.getKey(), side, text).equals(commitment.get(side))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** @param ok whether the whole chain holds; the other fields name the first broken record */
    record Result(boolean ok, long recordsChecked, Long firstBrokenSeq, String firstBrokenId, String problem) {
    }
}
