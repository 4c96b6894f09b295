package io.strongroom.access.internal;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.strongroom.access.AccessAdministration;
import io.strongroom.access.AccessAdministration.RoleView;
import io.strongroom.access.PermissionCatalog;
import io.strongroom.platform.SelfService;

/** The permission catalog and roles: {@code /api/v1/permissions}, {@code /api/v1/roles}. */
@RestController
class AccessController {

    private final AccessAdministration access;
    private final PermissionCatalog catalog;

    AccessController(AccessAdministration access, PermissionCatalog catalog) {
        this.access = access;
        this.catalog = catalog;
    }

    @SelfService("the permission catalog, which every member may read")
    @GetMapping("/api/v1/permissions")
    Map<String, List<PermissionBody>> permissions() {
        return Map.of("permissions", catalog.all().stream()
                .map(p -> new PermissionBody(p.key(), p.description())).toList());
    }

    @PreAuthorize("hasAnyAuthority('roles:manage', 'users:manage')")
    @GetMapping("/api/v1/roles")
    Map<String, List<RoleView>> listRoles() {
        return Map.of("roles", access.roles());
    }

    /** The roles as CSV: name, description, built in, permissions. */
    @PreAuthorize("hasAnyAuthority('roles:manage', 'users:manage')")
    @GetMapping("/api/v1/roles.csv")
    org.springframework.http.ResponseEntity<String> exportRoles() {
        List<Map<String, Object>> rows = access.roles().stream().map(role -> {
            Map<String, Object> row = new java.util.LinkedHashMap<>();
            row.put("id", role.id());
            row.put("name", role.name());
            row.put("description", role.description());
            row.put("builtin", role.builtin());
            row.put("permissions", role.permissions());
            row.put("updated_at", role.updatedAt());
            return row;
        }).toList();
        return io.strongroom.platform.CsvDownload.of("roles.csv", List.of("id", "name", "description", "builtin",
                "permissions", "updated_at"), rows);
    }

    @PreAuthorize("hasAnyAuthority('roles:manage', 'users:manage')")
    @GetMapping("/api/v1/roles/{id}")
    RoleView role(@PathVariable UUID id) {
        return access.role(id);
    }

    @PreAuthorize("hasAuthority('roles:manage')")
    @io.strongroom.platform.StepUp("defines what a role may do")
    @PostMapping(path = "/api/v1/roles", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RoleView> createRole(@RequestBody RoleRequest body) {
        RoleView role = access.createRole(body.name(), body.description(), body.permissions());
        return ResponseEntity.created(URI.create("/api/v1/roles/" + role.id())).body(role);
    }

    @PreAuthorize("hasAuthority('roles:manage')")
    @io.strongroom.platform.StepUp("changes what a role may do")
    @PutMapping(path = "/api/v1/roles/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    RoleView updateRole(@PathVariable UUID id, @RequestBody RoleRequest body) {
        return access.updateRole(id, body.name(), body.description(), body.permissions());
    }

    @PreAuthorize("hasAuthority('roles:manage')")
    @io.strongroom.platform.StepUp("takes a role from everyone holding it")
    @DeleteMapping("/api/v1/roles/{id}")
    ResponseEntity<Void> deleteRole(@PathVariable UUID id) {
        access.deleteRole(id);
        return ResponseEntity.noContent().build();
    }

    record PermissionBody(String key, String description) {
    }

    record RoleRequest(String name, String description, List<String> permissions) {
    }

}
