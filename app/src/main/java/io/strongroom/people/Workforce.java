package io.strongroom.people;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The work facts of person records for other modules' rules (who works where since when, who
 * manages whom), read without the caller's rights: a module answers callers with its own rules and
 * never passes these records on as they are. No personal-data field is here. Call inside a
 * transaction bound to the tenant.
 */
public interface Workforce {

    Optional<Member> find(UUID personId);

    /** The person record linked to a user account. */
    Optional<Member> ofUser(UUID userId);

    /** Every person record, by name; with a department, only that department's (ignoring case). */
    List<Member> members(String department);

    /** The managers above a person, nearest first (a cycle left by old data ends the chain). */
    List<Member> managerChain(UUID personId);

    /** Work facts of one person record. */
    record Member(UUID id, String givenName, String familyName, String department, UUID managerId, LocalDate startDate,
            LocalDate endDate, EmploymentStatus status, UUID userId) {

        public String name() {
            return givenName + " " + familyName;
        }

        /** Whether the person is employed on {@code day} (no start date: since ever; no end date: still). */
        public boolean employedOn(LocalDate day) {
            return (startDate == null || !day.isBefore(startDate)) && (endDate == null || !day.isAfter(endDate));
        }
    }
}
