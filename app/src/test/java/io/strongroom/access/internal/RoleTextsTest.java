package io.strongroom.access.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.core.type.filter.AssignableTypeFilter;

import io.strongroom.access.AccessAdministration.RoleView;
import io.strongroom.platform.BuiltInRole;
import io.strongroom.platform.Permission;

/**
 * Every permission any module declares and every built-in role has its text in the bundles (and
 * so, by MessageKeysTest, in every language): a new permission without one fails here. The pages
 * show them in the reader's language; a custom role stays as written.
 */
class RoleTextsTest {

    final ResourceBundleMessageSource bundles = bundles();
    final RoleTexts texts = new RoleTexts(bundles);

    @AfterEach
    void resetLocale() {
        LocaleContextHolder.resetLocaleContext();
    }

    @Test
    void everyPermissionAndBuiltInRoleHasItsText() throws Exception {
        List<String> missing = new ArrayList<>();
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(Permission.class));
        List<Permission> permissions = new ArrayList<>();
        for (var candidate : scanner.findCandidateComponents("io.strongroom")) {
            Class<?> type = Class.forName(candidate.getBeanClassName());
            if (type.isEnum()) {
                for (Object constant : type.getEnumConstants()) {
                    permissions.add((Permission) constant);
                }
            }
        }
        assertThat(permissions).as("the scan finds the modules' permissions").hasSizeGreaterThanOrEqualTo(9);
        for (Permission permission : permissions) {
            if (bundles.getMessage(RoleTexts.permissionKey(permission.key()), null, null, Locale.ENGLISH) == null) {
                missing.add(RoleTexts.permissionKey(permission.key()));
            }
        }
        for (BuiltInRole role : BuiltInRole.values()) {
            for (String part : List.of(".name", ".description")) {
                if (bundles.getMessage(RoleTexts.builtInKey(role.displayName()) + part, null, null, Locale.ENGLISH) == null) {
                    missing.add(RoleTexts.builtInKey(role.displayName()) + part);
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    /** The roles' change time plays no part here; a fixed one keeps the test off the machine's clock. */
    static final Instant UPDATED = Instant.parse("2026-01-31T12:00:00Z");

    @Test
    void builtInRolesArePresentedInTheReadersLanguageCustomRolesAsWritten() {
        RoleView employee = new RoleView(UUID.randomUUID(), "Employee", "Sees the people directory and their own record; requests time off",
                true, List.of("people:read"), UPDATED);
        RoleView custom = new RoleView(UUID.randomUUID(), "Employee", "our own", false, List.of(), UPDATED);
        LocaleContextHolder.setLocale(Locale.GERMAN);
        assertThat(texts.name(employee)).isEqualTo("Mitarbeitende");
        assertThat(texts.description(employee)).isEqualTo("Sieht das Personenverzeichnis und den eigenen Datensatz; beantragt Abwesenheiten");
        assertThat(texts.name(custom)).isEqualTo("Employee");
        assertThat(texts.description(custom)).isEqualTo("our own");
        assertThat(texts.permission(io.strongroom.audit.AuditPermission.AUDIT_READ))
                .isEqualTo("Das Prüfprotokoll lesen, prüfen und exportieren");
    }

    /** Every module's bundle, found as the application finds them. */
    static ResourceBundleMessageSource bundles() {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        try {
            source.setBasenames(java.util.Arrays.stream(new org.springframework.core.io.support.PathMatchingResourcePatternResolver()
                            .getResources("classpath*:messages/*.properties"))
                    .map(org.springframework.core.io.Resource::getFilename).filter(n -> n != null && !n.contains("_"))
                    .map(n -> "messages/" + n.substring(0, n.length() - ".properties".length())).toArray(String[]::new));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        return source;
    }
}
