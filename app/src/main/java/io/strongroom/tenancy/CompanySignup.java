package io.strongroom.tenancy;

import java.util.List;
import java.util.UUID;

/** Company signup: a new workspace and its first owner, in one transaction. */
public interface CompanySignup {

    /** Creates the workspace; throws a 400 problem listing every invalid field, or 409 when the name is taken. */
    SignupResult signUp(SignupForm form);

    /** The data regions a company may choose, the default first. */
    List<String> regions();

    /** What the signup form asks for; {@code password} is plain text and never logged. */
    record SignupForm(String workspace, String companyName, String region, String adminEmail, String adminName,
            String password) {

        @Override
        public String toString() {
            return "SignupForm[workspace=" + workspace + ", region=" + region + ", adminEmail=" + adminEmail + "]";
        }
    }

    record SignupResult(UUID tenantId, String workspace, String region) {
    }
}
