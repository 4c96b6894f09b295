package io.strongroom.tenancy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ApiProblem.FieldProblem;
import io.strongroom.platform.Ids;
import io.strongroom.platform.ProblemType;
import io.strongroom.platform.TenantContext;
import io.strongroom.tenancy.TenantOwnerProvisioner;
import io.strongroom.tenancy.TenantOwnerProvisioner.OwnerDetails;
import io.strongroom.tenancy.TenantOwnerProvisioner.Prepared;
import io.strongroom.tenancy.TenantSignedUp;

/**
 * Company signup: validates everything first (answering with every field problem at once), then
 * creates the tenant and its owner in one transaction bound to the new tenant.
 */
@Service
class SignupService {

    private final TenantRepository tenants;
    private final TenantOwnerProvisioner owners;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final TenancyProperties properties;

    SignupService(TenantRepository tenants, TenantOwnerProvisioner owners, TransactionTemplate transactions,
            ApplicationEventPublisher events, TenancyProperties properties) {
        this.tenants = tenants;
        this.owners = owners;
        this.transactions = transactions;
        this.events = events;
        this.properties = properties;
    }

    SignupResponse signUp(SignupRequest request) {
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
                return new SignupResponse(tenantId, workspace, region);
            }));
        } catch (DuplicateKeyException e) {
            throw new ApiProblem(HttpStatus.CONFLICT, ProblemType.uri("workspace-taken"), "Workspace name taken",
                    "The workspace name " + workspace + " is already taken.",
                    List.of(new FieldProblem("workspace", "is already taken")), Map.of());
        }
    }

    record SignupRequest(String workspace, String companyName, String region, String adminEmail, String adminName,
            String password) {

        @Override
        public String toString() {
            return "SignupRequest[workspace=" + workspace + ", region=" + region + ", adminEmail=" + adminEmail
                    + ", password=<hidden>]";
        }
    }

    record SignupResponse(UUID tenantId, String workspace, String region) {
    }
}
