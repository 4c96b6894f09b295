package io.strongroom.identity.internal;

import java.time.Clock;
import java.time.Duration;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.crypto.SecretSealer;
import io.strongroom.identity.IdentityPermission;
import io.strongroom.jobs.RecurringJob;
import io.strongroom.platform.PermissionSet;
import io.strongroom.platform.TenantTable;
import io.strongroom.platform.TenantTable.SubjectKind;
import io.strongroom.web.NavigationEntry;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({PasswordProperties.class, IdentityProperties.class})
class IdentityConfiguration {

    @Bean
    SigningKeys signingKeys(JdbcClient jdbc, TransactionTemplate transactions, SecretSealer sealer, Clock clock,
            IdentityProperties properties, IdentityEvents events) {
        return new SigningKeys(jdbc, transactions, sealer, clock, properties.tokens(), events);
    }

    @Bean
    AccessTokens accessTokens(SigningKeys keys, Clock clock, IdentityProperties properties) {
        return new AccessTokens(keys, clock, properties.issuer(), properties.tokens().audience(),
                properties.tokens().accessTokenLifetime());
    }

    @Bean
    RecurringJob signingKeyRotationJob(SigningKeys keys) {
        return new RecurringJob("signing-key-rotation", Duration.ofHours(1), keys::rotateIfDue);
    }

    /**
     * The OpenID Connect relying party (A7). Providers are reached over https only;
     * {@code strongroom.sso.allow-insecure-issuers=true} admits http for a provider in a test.
     */
    @Bean
    OidcClient oidcClient(Clock clock,
            @org.springframework.beans.factory.annotation.Value("${strongroom.sso.allow-insecure-issuers:false}")
            boolean allowInsecure) {
        return new OidcClient(clock, allowInsecure);
    }

    @Bean
    SsoConnections ssoConnections(JdbcClient jdbc, TransactionTemplate transactions,
            io.strongroom.crypto.FieldEncryption fields, OidcClient oidc, IdentityEvents events, Clock clock,
            SecuritySettingsRepository settings, UserRepository users, io.strongroom.identity.PermissionsProvider permissions,
            io.strongroom.identity.ProvidedRoles providedRoles) {
        return new SsoConnections(jdbc, transactions, fields, oidc, events, clock, settings, users, permissions,
                providedRoles);
    }

    @Bean
    ScimTokens scimTokens(JdbcClient jdbc, TransactionTemplate transactions, IdentityEvents events, Clock clock,
            io.strongroom.identity.ProvidedRoles providedRoles) {
        return new ScimTokens(jdbc, transactions, events, clock, providedRoles);
    }

    @Bean
    ScimService scimService(JdbcClient jdbc, TransactionTemplate transactions, UserRepository users,
            SessionRepository sessions, IdentityEvents events, Clock clock, io.strongroom.identity.ProvidedRoles providedRoles,
            org.springframework.beans.factory.ObjectProvider<io.strongroom.identity.AccountGuard> guards,
            IdentityProperties properties) {
        return new ScimService(jdbc, transactions, users, sessions, events, clock, providedRoles, guards,
                java.net.URI.create(properties.publicUrl()));
    }

    /** SCIM tokens: only their hashes, which restores bring back (a restored token is the same token). */
    @Bean
    TenantTable scimTokenTable() {
        return TenantTable.of("identity", "scim_token").secrets("token_hash");
    }

    @Bean
    TenantTable scimGroupTable() {
        return TenantTable.of("identity", "scim_group");
    }

    @Bean
    TenantTable scimGroupMemberTable() {
        return TenantTable.of("identity", "scim_group_member").references("scim_group", "app_user");
    }

    @Bean
    SamlConnections samlConnections(JdbcClient jdbc, TransactionTemplate transactions, IdentityEvents events, Clock clock,
            OidcClient oidc, io.strongroom.identity.ProvidedRoles providedRoles, SecuritySettingsRepository settings) {
        return new SamlConnections(jdbc, transactions, events, clock, oidc, providedRoles, settings);
    }

    @Bean
    SamlSignIn samlSignIn(io.strongroom.tenancy.TenantDirectory tenants, SamlConnections connections, SignIn signIn,
            JdbcClient jdbc, TransactionTemplate transactions, IdentityEvents events, Clock clock,
            IdentityProperties properties) {
        return new SamlSignIn(tenants, connections, signIn, jdbc, transactions, events, clock, properties.publicUrl());
    }

    /** SAML identity providers: their certificates are public; nothing secret is kept. */
    @Bean
    TenantTable samlConnectionTable() {
        return TenantTable.of("identity", "saml_connection");
    }

    /** AuthnRequests in flight: ten minutes each; nothing to keep across a restore. */
    @Bean
    TenantTable samlRequestTable() {
        return TenantTable.of("identity", "saml_request").references("saml_connection")
                .secrets("relay_hash", "browser_hash").clearedByRestore();
    }

    /** Active Directory / LDAP sign-in: over LDAPS or StartTLS only. */
    @Bean
    LdapDirectory ldapDirectory() {
        return new LdapDirectory();
    }

    @Bean
    DirectoryConnections directoryConnections(JdbcClient jdbc, TransactionTemplate transactions,
            io.strongroom.crypto.FieldEncryption fields, LdapDirectory ldap, IdentityEvents events, Clock clock,
            SecuritySettingsRepository settings, io.strongroom.identity.ProvidedRoles providedRoles) {
        return new DirectoryConnections(jdbc, transactions, fields, ldap, events, clock, settings, providedRoles);
    }

    /** Directories: the service account's password encrypted under the workspace's key, never exported. */
    @Bean
    TenantTable directoryConnectionTable() {
        return TenantTable.of("identity", "directory_connection").sealedSecrets("bind_password");
    }

    @Bean
    SsoSignIn ssoSignIn(io.strongroom.tenancy.TenantDirectory tenants, SsoConnections connections, OidcClient oidc,
            SignIn signIn, JdbcClient jdbc, TransactionTemplate transactions, io.strongroom.crypto.FieldEncryption fields,
            IdentityEvents events, Clock clock, IdentityProperties properties) {
        return new SsoSignIn(tenants, connections, oidc, signIn, jdbc, transactions, fields, events, clock,
                properties.publicUrl());
    }

    /** Single sign-on connections: the client secret encrypted under the workspace's key, never exported. */
    @Bean
    TenantTable ssoConnectionTable() {
        return TenantTable.of("identity", "sso_connection").sealedSecrets("client_secret");
    }

    /** Sign-ins in flight through a provider: ten minutes each; nothing to keep across a restore. */
    @Bean
    TenantTable ssoSignInTable() {
        return TenantTable.of("identity", "sso_sign_in").references("sso_connection")
                .secrets("state_hash", "browser_hash").sealedSecrets("code_verifier").clearedByRestore();
    }

    @Bean
    PermissionSet identityPermissions() {
        return PermissionSet.of("identity", IdentityPermission.values());
    }

    @Bean
    NavigationEntry settingsNavigation() {
        return NavigationEntry.of(500, "nav.settings", "/app/settings", IdentityPermission.SETTINGS_MANAGE);
    }

    /** The one entry every signed-in user has. */
    @Bean
    NavigationEntry accountNavigation() {
        return NavigationEntry.of(900, "nav.account", "/app/account");
    }

    // --- tenant data (the registry) ---------------------------------------------------------------

    @Bean
    TenantTable userTable() {
        return TenantTable.of("identity", "app_user").subject(SubjectKind.USER, "id").sealedSecrets("password_hash");
    }

    @Bean
    TenantTable securitySettingsTable() {
        return TenantTable.of("identity", "security_settings");
    }

    @Bean
    TenantTable workspaceSettingsTable() {
        return TenantTable.of("identity", "workspace_settings");
    }

    @Bean
    TenantTable sessionTable() {
        return TenantTable.of("identity", "auth_session").references("app_user").subject(SubjectKind.USER, "user_id")
                .clearedByRestore();
    }

    /** Reached from its user through the session (deleted with it). */
    @Bean
    TenantTable refreshTokenTable() {
        return TenantTable.of("identity", "refresh_token").references("auth_session").secrets("token_hash")
                .clearedByRestore();
    }

    @Bean
    TenantTable oneTimeTokenTable() {
        return TenantTable.of("identity", "one_time_token").references("app_user").subject(SubjectKind.USER, "user_id")
                .secrets("token_hash").clearedByRestore();
    }

    /** Authenticator secrets are needed again to check codes: sealed under the tenant key. */
    @Bean
    TenantTable mfaFactorTable() {
        return TenantTable.of("identity", "mfa_factor").references("app_user").subject(SubjectKind.USER, "user_id")
                .sealedSecrets("secret");
    }

    /** Open WebAuthn ceremonies: challenges that live five minutes; nothing to keep across a restore. */
    @Bean
    TenantTable passkeyCeremonyTable() {
        return TenantTable.of("identity", "passkey_ceremony").references("app_user")
                .subject(SubjectKind.USER, "user_id").clearedByRestore();
    }

    /** Codes sent by SMS: five minutes each; nothing to keep across a restore. */
    @Bean
    TenantTable smsCodeTable() {
        return TenantTable.of("identity", "sms_code").references("app_user", "mfa_factor")
                .subject(SubjectKind.USER, "user_id").secrets("code_hash").clearedByRestore();
    }

    /** Remembered devices: a restore forgets them all, so every device asks for the second factor again. */
    @Bean
    TenantTable rememberedDeviceTable() {
        return TenantTable.of("identity", "remembered_device").references("app_user")
                .subject(SubjectKind.USER, "user_id").secrets("token_hash").clearedByRestore();
    }

    @Bean
    TenantTable mfaRecoveryCodeTable() {
        return TenantTable.of("identity", "mfa_recovery_code").references("app_user")
                .subject(SubjectKind.USER, "user_id").secrets("code_hash");
    }

    @Bean
    TenantTable mfaChallengeTable() {
        return TenantTable.of("identity", "mfa_challenge").references("app_user").subject(SubjectKind.USER, "user_id")
                .secrets("token_hash").clearedByRestore();
    }
}
