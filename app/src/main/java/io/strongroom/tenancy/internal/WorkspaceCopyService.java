package io.strongroom.tenancy.internal;

import java.util.UUID;

import org.springframework.stereotype.Service;

import io.strongroom.platform.ApiProblem;
import io.strongroom.tenancy.Tenant;
import io.strongroom.tenancy.WorkspaceCopies;

/** The catalog side of a workspace copied from a backup; names follow the signup's rules. */
@Service
class WorkspaceCopyService implements WorkspaceCopies {

    private final TenantRepository tenants;

    WorkspaceCopyService(TenantRepository tenants) {
        this.tenants = tenants;
    }

    @Override
    public String checkNewName(String workspace) {
        String name = WorkspaceNames.normalize(workspace);
        WorkspaceNames.problem(name).ifPresent(problem -> {
            throw ApiProblem.validation("workspace", problem);
        });
        if (tenants.resolve(name).isPresent()) {
            throw WorkspaceNames.taken(name);
        }
        return name;
    }

    @Override
    public void createCopy(UUID id, String workspace, Tenant source) {
        String name = checkNewName(workspace);
        tenants.insert(id, name, source.companyName(), source.region(), source.plan());
    }
}
