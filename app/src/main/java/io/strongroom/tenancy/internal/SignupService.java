package io.strongroom.tenancy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ClientRequest;
import io.strongroom.platform.RateLimit;
import io.strongroom.platform.RateLimiter;
import io.strongroom.platform.ApiProblem.FieldProblem;
import io.strongroom.platform.Ids;
import io.strongroom.platform.TenantContext;
import io.strongroom.tenancy.CompanySignup;
import io.strongroom.tenancy.TenantOwnerProvisioner;
import io.strongroom.tenancy.TenantOwnerProvisioner.OwnerDetails;
import io.strongroom.tenancy.TenantOwnerProvisioner.Prepared;
import io.strongroom.tenancy.TenantSignedUp;

/**
 * Company signup: rate-limited per client IP, validates everything first (answering with every
 * field problem at once), then creates the tenant and its owner in one transaction bound to the new
 * tenant.
 */
@Service
class SignupService implements CompanySignup {

    private final TenantRepository tenants;
    private final TenantOwnerProvisioner owners;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final TenancyProperties properties;
    private final RateLimiter rateLimiter;
    private final RateLimit perIp;

    SignupService(TenantRepository tenants, TenantOwnerProvisioner owners, TransactionTemplate transactions,
            ApplicationEventPublisher events, TenancyProperties properties, RateLimiter rateLimiter) {
        this.tenants = tenants;
        this.owners = owners;
        this.transactions = transactions;
        this.events = events;
        this.properties = properties;
        this.rateLimiter = rateLimiter;
        var limit = properties.signup().rateLimit();
        this.perIp = new RateLimit("signup-ip", limit.capacity(), limit.period());
    }

    @Override
    public List<String> regions() {
        List<String> regions = new ArrayList<>(properties.regions());
        regions.remove(properties.defaultRegion());
        regions.addFirst(properties.defaultRegion());
        return regions;
    }

    @Override
    public SignupResult signUp(SignupForm request) {
        rateLimiter.consume(perIp, ClientRequest.current().map(ClientRequest::clientIp).orElse("unknown"));
        List<FieldProblem> problems = new ArrayList<>();
        String workspace = WorkspaceNames.normalize(request.workspace());
        WorkspaceNames.problem(workspace).ifPresent(p -> problems.add(new FieldProblem("workspace", p)));

        String company = request.companyName() == null ? "" : request.companyName().strip();
        if (company.isEmpty()) {
            problems.add(new FieldProblem("company_name", "is required"));
        } else if (company.length() > 200 || company.chars().anyMatch(Character::isISOControl)) {
            problems.add(new FieldProblem("company_name", "must be at most 200 characters without control characters"));
        }

        String region = request.region() == null || request.region().isBlank()
                ? properties.defaultRegion() : request.region().strip();
        if (!properties.regions().contains(region)) {
            problems.add(new FieldProblem("region", "must be one of " + String.join(", ", properties.regions())));
        }

        Prepared owner = owners.prepare(new OwnerDetails(request.adminEmail(), request.adminName(), request.password(),
                workspace, company));
        for (FieldProblem p : owner.problems()) {
            String field = switch (p.field()) {
                case "email" -> "admin_email";
                case "name" -> "admin_name";
                default -> p.field();
            };
            problems.add(new FieldProblem(field, p.message()));
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.validation(problems);
        }

        UUID tenantId = Ids.newId();
        try {
            return TenantContext.callAs(tenantId, () -> transactions.execute(tx -> {
                tenants.insert(tenantId, workspace, company, region);
                UUID ownerId = owners.provision(owner);
                events.publishEvent(new TenantSignedUp(tenantId, workspace, region, ownerId, request.adminEmail()));
                return new SignupResult(tenantId, workspace, region);
            }));
        } catch (DuplicateKeyException e) {
            throw WorkspaceNames.taken(workspace);
        }
    }
}
