package io.strongroom.identity.internal;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.StepUp;

/**
 * {@code /api/v1/sso/connections}: the workspace's single sign-on connections (A7), for holders of
 * {@code settings:manage}. Adding or removing one decides who can sign in, so it needs a recent
 * sign-in; the client secret goes in once and never comes out.
 */
@RestController
class SsoController {

    private final SsoConnections connections;
    private final DirectoryConnections directories;
    private final ScimTokens scimTokens;
    private final SamlConnections saml;

    SsoController(SsoConnections connections, DirectoryConnections directories, ScimTokens scimTokens,
            SamlConnections saml) {
        this.saml = saml;
        this.connections = connections;
        this.directories = directories;
        this.scimTokens = scimTokens;
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @GetMapping("/api/v1/sso/saml")
    Map<String, List<SamlConnections.Connection>> samlConnections() {
        return Map.of("items", saml.list());
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @GetMapping("/api/v1/sso/saml/{id}")
    SamlConnections.Connection samlConnection(@PathVariable UUID id) {
        return saml.find(id).orElseThrow(() -> ApiProblem.notFound("The connection"));
    }

    /** A SAML 2.0 identity provider: its entity id, single sign-on URL and signing certificate. */
    @PreAuthorize("hasAuthority('settings:manage')")
    @StepUp("decides who can sign in to the workspace")
    @PostMapping("/api/v1/sso/saml")
    ResponseEntity<SamlConnections.Connection> addSaml(@RequestBody SamlConnections.NewConnection body) {
        SamlConnections.Connection added = saml.add(body);
        return ResponseEntity.created(URI.create("/api/v1/sso/saml/" + added.id())).body(added);
    }

    /** "Test connection": the signing certificate's validity and whether the provider's sign-in URL answers. */
    @PreAuthorize("hasAuthority('settings:manage')")
    @PostMapping("/api/v1/sso/saml/{id}/test")
    Map<String, Object> testSaml(@PathVariable UUID id) {
        return saml.test(id);
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @StepUp("decides who can sign in to the workspace")
    @org.springframework.web.bind.annotation.PutMapping("/api/v1/sso/saml/{id}/provisioning")
    SamlConnections.Connection samlProvisioning(@PathVariable UUID id, @RequestBody SsoProvisioning.Request body) {
        return saml.updateProvisioning(id, body);
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @StepUp("decides who can sign in to the workspace")
    @DeleteMapping("/api/v1/sso/saml/{id}")
    ResponseEntity<Void> removeSaml(@PathVariable UUID id) {
        saml.remove(id);
        return ResponseEntity.noContent().build();
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @GetMapping("/api/v1/scim/tokens")
    Map<String, List<ScimTokens.Token>> scimTokens() {
        return Map.of("items", scimTokens.list());
    }

    record NewScimToken(String name) {
    }

    /** The token is in this answer once and never again (only its hash is kept). */
    record CreatedScimToken(ScimTokens.Token token, String secret) {
    }

    /** A SCIM token for the workspace's directory (Okta, Entra ID, ...); the SCIM base URL is {@code /scim/v2}. */
    @PreAuthorize("hasAuthority('settings:manage')")
    @StepUp("lets a directory create and remove the workspace's users")
    @PostMapping("/api/v1/scim/tokens")
    ResponseEntity<CreatedScimToken> createScimToken(@RequestBody NewScimToken body) {
        ScimTokens.Issued issued = scimTokens.create(body == null ? null : body.name());
        return ResponseEntity.created(URI.create("/api/v1/scim/tokens/" + issued.token().id()))
                .body(new CreatedScimToken(issued.token(), issued.secret()));
    }

    /** The default roles of the users the token creates and the roles its groups give (by display name). */
    @PreAuthorize("hasAuthority('settings:manage')")
    @StepUp("lets a directory give roles")
    @org.springframework.web.bind.annotation.PutMapping("/api/v1/scim/tokens/{id}/provisioning")
    ScimTokens.Token scimTokenProvisioning(@PathVariable UUID id, @RequestBody SsoProvisioning.Request body) {
        return scimTokens.updateProvisioning(id, body);
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @StepUp("lets a directory create and remove the workspace's users")
    @DeleteMapping("/api/v1/scim/tokens/{id}")
    ResponseEntity<Void> revokeScimToken(@PathVariable UUID id) {
        scimTokens.revoke(id);
        return ResponseEntity.noContent().build();
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @GetMapping("/api/v1/sso/directories")
    Map<String, List<DirectoryConnections.Connection>> directories() {
        return Map.of("items", directories.list());
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @GetMapping("/api/v1/sso/directories/{id}")
    DirectoryConnections.Connection directory(@PathVariable UUID id) {
        return directories.find(id).orElseThrow(() -> ApiProblem.notFound("The connection"));
    }

    /** An Active Directory / LDAP directory that checks the passwords of its domains' addresses. */
    @PreAuthorize("hasAuthority('settings:manage')")
    @StepUp("decides who can sign in to the workspace")
    @PostMapping("/api/v1/sso/directories")
    ResponseEntity<DirectoryConnections.Connection> addDirectory(@RequestBody DirectoryConnections.NewConnection body) {
        DirectoryConnections.Connection added = directories.add(body);
        return ResponseEntity.created(URI.create("/api/v1/sso/directories/" + added.id())).body(added);
    }

    /** "Test connection": connects with TLS, binds as the service account, reads the base entry; changes nothing. */
    @PreAuthorize("hasAuthority('settings:manage')")
    @PostMapping("/api/v1/sso/directories/{id}/test")
    Map<String, Object> testDirectory(@PathVariable UUID id) {
        return directories.test(id);
    }

    /** Accounts made at first sign-in, their default roles, and the roles the directory's groups give. */
    @PreAuthorize("hasAuthority('settings:manage')")
    @StepUp("decides who can sign in to the workspace")
    @org.springframework.web.bind.annotation.PutMapping("/api/v1/sso/directories/{id}/provisioning")
    DirectoryConnections.Connection directoryProvisioning(@PathVariable UUID id,
            @RequestBody SsoProvisioning.Request body) {
        return directories.updateProvisioning(id, body);
    }

    /** Accounts made at first sign-in, their default roles, and the roles the provider's groups give. */
    @PreAuthorize("hasAuthority('settings:manage')")
    @StepUp("decides who can sign in to the workspace")
    @org.springframework.web.bind.annotation.PutMapping("/api/v1/sso/connections/{id}/provisioning")
    SsoConnections.Connection provisioning(@PathVariable UUID id, @RequestBody SsoProvisioning.Request body) {
        return connections.updateProvisioning(id, body);
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @StepUp("decides who can sign in to the workspace")
    @DeleteMapping("/api/v1/sso/directories/{id}")
    ResponseEntity<Void> removeDirectory(@PathVariable UUID id) {
        directories.remove(id);
        return ResponseEntity.noContent().build();
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @GetMapping("/api/v1/sso/connections")
    Map<String, List<SsoConnections.Connection>> list() {
        return Map.of("items", connections.list());
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @GetMapping("/api/v1/sso/connections/{id}")
    SsoConnections.Connection get(@PathVariable UUID id) {
        return connections.find(id).orElseThrow(() -> ApiProblem.notFound("The connection"));
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @StepUp("decides who can sign in to the workspace")
    @PostMapping("/api/v1/sso/connections")
    ResponseEntity<SsoConnections.Connection> add(@RequestBody SsoConnections.NewConnection body) {
        SsoConnections.Connection added = connections.add(body);
        return ResponseEntity.created(URI.create("/api/v1/sso/connections/" + added.id())).body(added);
    }

    /** "Test connection": reads the provider's discovery document and key set now; changes nothing. */
    @PreAuthorize("hasAuthority('settings:manage')")
    @PostMapping("/api/v1/sso/connections/{id}/test")
    Map<String, Object> test(@PathVariable UUID id) {
        return connections.test(id);
    }

    record PolicyBody(Boolean ssoOnly, List<UUID> breakGlassUserIds) {
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @GetMapping("/api/v1/settings/sso")
    PolicyBody policy() {
        var policy = connections.policy();
        return new PolicyBody(policy.ssoOnly(), policy.breakGlass());
    }

    /** "SSO only": password and passkey sign-in refused for everyone but the break-glass Owners named. */
    @PreAuthorize("hasAuthority('settings:manage')")
    @StepUp("decides who can sign in to the workspace")
    @org.springframework.web.bind.annotation.PutMapping("/api/v1/settings/sso")
    PolicyBody updatePolicy(@RequestBody PolicyBody body) {
        var policy = connections.updatePolicy(body.ssoOnly(), body.breakGlassUserIds());
        return new PolicyBody(policy.ssoOnly(), policy.breakGlass());
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @StepUp("decides who can sign in to the workspace")
    @DeleteMapping("/api/v1/sso/connections/{id}")
    ResponseEntity<Void> remove(@PathVariable UUID id) {
        connections.remove(id);
        return ResponseEntity.noContent().build();
    }
}
