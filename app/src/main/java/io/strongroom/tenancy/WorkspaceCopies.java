package io.strongroom.tenancy;

import java.util.UUID;

/**
 * New workspaces made as copies of another (a backup restored into a new workspace for inspection):
 * the catalog row only; the module that copies the data fills it.
 */
public interface WorkspaceCopies {

    /**
     * Checks that {@code workspace} can name a new workspace; answers it normalised.
     *
     * @throws io.strongroom.platform.ApiProblem 400 for a name that is not allowed, 409 for one taken
     */
    String checkNewName(String workspace);

    /**
     * Adds the catalog row of workspace {@code id} named {@code workspace}, with the company name,
     * region and plan of {@code source}, in the caller's transaction (bound to {@code id}).
     */
    void createCopy(UUID id, String workspace, Tenant source);
}
