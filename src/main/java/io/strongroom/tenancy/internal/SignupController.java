package io.strongroom.tenancy.internal;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.strongroom.platform.ClientRequest;
import io.strongroom.platform.RateLimit;
import io.strongroom.platform.RateLimiter;
import io.strongroom.tenancy.internal.SignupService.SignupRequest;
import io.strongroom.tenancy.internal.SignupService.SignupResponse;
import jakarta.annotation.security.PermitAll;

/** {@code POST /api/v1/signup}: a company creates its workspace and first owner. */
@RestController
class SignupController {

    private final SignupService signups;
    private final RateLimiter rateLimiter;
    private final RateLimit perIp;

    SignupController(SignupService signups, RateLimiter rateLimiter, TenancyProperties properties) {
        this.signups = signups;
        this.rateLimiter = rateLimiter;
        var limit = properties.signup().rateLimit();
        this.perIp = new RateLimit("signup-ip", limit.capacity(), limit.period());
    }

    @PermitAll
    @PostMapping(path = "/api/v1/signup", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    SignupResponse signUp(@RequestBody SignupRequest request) {
        rateLimiter.consume(perIp, ClientRequest.current().map(ClientRequest::clientIp).orElse("unknown"));
        return signups.signUp(request);
    }
}
