package io.strongroom.timeoff.internal;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.audit.AuditEntry;
import io.strongroom.audit.AuditLog;
import io.strongroom.identity.Caller;
import io.strongroom.people.Workforce;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ApiProblem.FieldProblem;
import io.strongroom.platform.FieldChange;
import io.strongroom.platform.Ids;
import io.strongroom.platform.ProblemType;
import io.strongroom.timeoff.TimeOffPermission;
import io.strongroom.timeoff.internal.TimeOffRepository.Substitute;

/**
 * Substitutes: a manager names who decides their people's requests while they are away (a span of
 * days). A manager with {@code timeoff:approve} names their own; HR names anyone's. The substitute
 * then decides as the manager would ({@link TimeOffRules.Relation#SUBSTITUTE}), is mailed new
 * requests, and never decides their own. Each change is audited.
 */
@Service
class Substitutes {

    private final TimeOffRepository repository;
    private final Workforce workforce;
    private final Balances balances;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    Substitutes(TimeOffRepository repository, Workforce workforce, Balances balances, AuditLog audit,
            TransactionTemplate transactions) {
        this.repository = repository;
        this.workforce = workforce;
        this.balances = balances;
        this.audit = audit;
        this.transactions = transactions;
    }

    record SubstituteInput(UUID personId, UUID substituteId, LocalDate startDate, LocalDate endDate) {
    }

    Map<String, Object> create(SubstituteInput in) {
        Caller me = Caller.require();
        List<FieldProblem> problems = new ArrayList<>();
        if (in.substituteId() == null) {
            problems.add(new FieldProblem("substitute_id", "is required"));
        }
        if (in.startDate() == null) {
            problems.add(new FieldProblem("start_date", "is required"));
        }
        if (in.endDate() == null) {
            problems.add(new FieldProblem("end_date", "is required"));
        }
        if (in.startDate() != null && in.endDate() != null) {
            if (in.endDate().isBefore(in.startDate())) {
                problems.add(new FieldProblem("end_date", "must not be before start_date"));
            } else if (ChronoUnit.DAYS.between(in.startDate(), in.endDate()) > TimeOffRequests.LONGEST_SPAN_DAYS) {
                problems.add(new FieldProblem("end_date", "must be at most " + TimeOffRequests.LONGEST_SPAN_DAYS
                        + " days after start_date"));
            }
            if (in.startDate().getYear() < 2000 || in.endDate().getYear() > 2100) {
                problems.add(new FieldProblem("start_date", "must be between 2000 and 2100"));
            }
        }
        TimeOffSettings.refuse(problems);
        return transactions.execute(tx -> {
            Workforce.Member away = in.personId() == null
                    ? workforce.ofUser(me.userId()).orElseThrow(() -> new ApiProblem(ProblemType.CONFLICT,
                            "Your account is not linked to a person record; HR links it first."))
                    : workforce.find(in.personId()).orElseThrow(() -> ApiProblem.validation("person_id",
                            "is not a person of this workspace"));
            boolean self = me.userId().equals(away.userId());
            if (!(self && me.has(TimeOffPermission.APPROVE)) && !me.has(TimeOffPermission.MANAGE)) {
                throw new ApiProblem(ProblemType.FORBIDDEN,
                        "Naming a substitute needs timeoff:approve for oneself or timeoff:manage for others.");
            }
            Workforce.Member substitute = workforce.find(in.substituteId()).orElseThrow(() -> ApiProblem.validation(
                    "substitute_id", "is not a person of this workspace"));
            if (substitute.id().equals(away.id())) {
                throw ApiProblem.validation("substitute_id", "must not be the person themself");
            }
            Substitute created = new Substitute(Ids.newId(), away.id(), substitute.id(), in.startDate(), in.endDate(),
                    me.userId(), balances.now());
            repository.insertSubstitute(created);
            audit.record(AuditEntry.of("timeoff.substitute.created", "leave_substitute", created.id())
                    .diff(diff(created, true)));
            return fields(created);
        });
    }

    /** The substitutions the caller is part of (as the one away or the substitute); HR sees all. */
    List<Map<String, Object>> list() {
        Caller me = Caller.require();
        return transactions.execute(tx -> {
            LocalDate today = balances.today();
            if (me.has(TimeOffPermission.MANAGE)) {
                return repository.substitutes(null, today).stream().map(Substitutes::fields).toList();
            }
            return workforce.ofUser(me.userId()).map(self -> repository.substitutes(self.id(), today).stream()
                    .map(Substitutes::fields).toList()).orElse(List.of());
        });
    }

    void delete(UUID id) {
        Caller me = Caller.require();
        transactions.executeWithoutResult(tx -> {
            Substitute existing = repository.substitute(id).orElseThrow(() -> ApiProblem.notFound("The substitution"));
            boolean own = workforce.find(existing.employeeId()).map(p -> me.userId().equals(p.userId())).orElse(false);
            if (!own && !me.has(TimeOffPermission.MANAGE)) {
                throw ApiProblem.notFound("The substitution");
            }
            repository.deleteSubstitute(id);
            audit.record(AuditEntry.of("timeoff.substitute.deleted", "leave_substitute", id).diff(diff(existing, false)));
        });
    }

    private static Map<String, FieldChange> diff(Substitute s, boolean created) {
        Map<String, FieldChange> diff = new LinkedHashMap<>();
        fields(s).forEach((k, v) -> {
            if (!k.equals("id")) {
                diff.put(k, created ? new FieldChange(null, String.valueOf(v)) : new FieldChange(String.valueOf(v), null));
            }
        });
        return diff;
    }

    private static Map<String, Object> fields(Substitute s) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", s.id());
        body.put("person_id", s.employeeId());
        body.put("substitute_id", s.substituteId());
        body.put("start_date", s.start());
        body.put("end_date", s.end());
        return body;
    }
}
