package io.strongroom.privacy.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.audit.AuditEntry;
import io.strongroom.audit.AuditLog;
import io.strongroom.identity.Caller;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ProblemType;

/**
 * What a request of the register does to its person, for the JSON API and the pages alike: take a
 * copy of everything held about them (access, portability), erase them (erasure), restrict their
 * processing and lift it again (restriction, objection). Each checks the request first: its kind,
 * that it is open where that matters, and that it names a person record.
 */
final class SubjectRights {

    private final SubjectRequests requests;
    private final SubjectData data;
    private final Erasure erasure;
    private final Restrictions restrictions;
    private final TransactionTemplate transactions;
    private final AuditLog audit;

    SubjectRights(SubjectRequests requests, SubjectData data, Erasure erasure, Restrictions restrictions,
            TransactionTemplate transactions, AuditLog audit) {
        this.requests = requests;
        this.data = data;
        this.erasure = erasure;
        this.restrictions = restrictions;
        this.transactions = transactions;
        this.audit = audit;
    }

    /** Everything the workspace holds about the request's person; recorded as {@code privacy.subject_data.exported}. */
    Map<String, Object> subjectData(UUID id) {
        return transactions.execute(tx -> {
            SubjectRequests.Request request = withPerson(id);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("request_id", id.toString());
            out.putAll(data.of(request.personId()));
            audit.record(AuditEntry.of("privacy.subject_data.exported", SubjectRequests.TABLE, id)
                    .details(Map.of("person_id", request.personId().toString())));
            return out;
        });
    }

    /** Erases the person of an open erasure request from every module, at once and for good. */
    Map<String, Object> erase(UUID id) {
        return transactions.execute(tx -> {
            SubjectRequests.Request request = find(id);
            if (!request.kind().equals("erasure") || !request.status().equals("open")) {
                throw new ApiProblem(ProblemType.CONFLICT, "Only an open erasure request erases a person.");
            }
            withPerson(request);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("request_id", id.toString());
            out.put("person_id", request.personId().toString());
            out.put("removed", erasure.erase(id, request.personId(), Caller.require().userId()));
            return out;
        });
    }

    /** A restriction or objection request restricts its person's processing until it is lifted (Art. 18, 21). */
    Map<String, Object> restriction(UUID id, boolean restrict) {
        return transactions.execute(tx -> {
            SubjectRequests.Request request = find(id);
            if (!request.kind().equals("restriction") && !request.kind().equals("objection")) {
                throw new ApiProblem(ProblemType.CONFLICT, "Only a restriction or objection request restricts processing.");
            }
            withPerson(request);
            if (restrict) {
                restrictions.restrict(id, request.personId(), Caller.require().userId());
            } else {
                restrictions.lift(id, request.personId());
            }
            return Map.of("request_id", id.toString(), "person_id", request.personId().toString(), "restricted", restrict);
        });
    }

    /** Whether the request's person is restricted now (false when it names no person). */
    boolean restricted(SubjectRequests.Request request) {
        return request.personId() != null
                && Boolean.TRUE.equals(transactions.execute(tx -> restrictions.restricted(request.personId())));
    }

    private SubjectRequests.Request find(UUID id) {
        return requests.find(id).orElseThrow(() -> ApiProblem.notFound("The request"));
    }

    private SubjectRequests.Request withPerson(UUID id) {
        return withPerson(find(id));
    }

    private static SubjectRequests.Request withPerson(SubjectRequests.Request request) {
        if (request.personId() == null) {
            throw new ApiProblem(ProblemType.CONFLICT,
                    "This request names no person record; find the person and record the request for them.");
        }
        return request;
    }
}
