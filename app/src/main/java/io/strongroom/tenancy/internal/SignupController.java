package io.strongroom.tenancy.internal;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.strongroom.tenancy.CompanySignup;
import io.strongroom.tenancy.CompanySignup.SignupForm;
import io.strongroom.tenancy.CompanySignup.SignupResult;
import jakarta.annotation.security.PermitAll;

/** {@code POST /api/v1/signup}: a company creates its workspace and first owner. */
@RestController
class SignupController {

    private final CompanySignup signups;

    SignupController(CompanySignup signups) {
        this.signups = signups;
    }

    @PermitAll
    @PostMapping(path = "/api/v1/signup", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    SignupResult signUp(@RequestBody SignupForm request) {
        return signups.signUp(request);
    }
}
