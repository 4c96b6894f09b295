package io.strongroom.tenancy;

import java.util.List;
import java.util.UUID;

import io.strongroom.platform.ApiProblem.FieldProblem;

/**
 * Creates the first user (the owner) of a new workspace. Implemented by the identity module, so
 * that signup can create tenant and owner in one transaction without tenancy knowing about users.
 */
public interface TenantOwnerProvisioner {

    /**
     * Checks the owner's details and prepares the account (the slow password hash happens here,
     * outside the transaction). Field problems use the names {@code email}, {@code name} and
     * {@code password}.
     */
    Prepared prepare(OwnerDetails owner);

    /** Inserts the prepared owner into the tenant bound to the current transaction; returns the user id. */
    UUID provision(Prepared prepared);

    /** The owner as the signup form gives it; {@code password} is plain text and must never be logged. */
    record OwnerDetails(String email, String name, String password, String workspace, String companyName) {

        @Override
        public String toString() {
            return "OwnerDetails[email=" + email + ", name=" + name + ", password=<hidden>]";
        }
    }

    /** The result of {@link #prepare}: either problems, or an opaque account ready to insert. */
    interface Prepared {

        List<FieldProblem> problems();
    }
}
