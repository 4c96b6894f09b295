package io.strongroom.identity;

import java.util.Set;
import java.util.UUID;

/**
 * What a user may do, as permission names (e.g. {@code people:read}). Asked when an access token
 * is issued, inside a transaction bound to the user's tenant; the answer travels in the token, so
 * requests are authorized without a database call. Implemented by the access module.
 */
public interface PermissionsProvider {

    Set<String> permissionsOf(UUID userId);
}
