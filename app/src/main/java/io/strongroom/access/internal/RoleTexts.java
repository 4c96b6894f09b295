package io.strongroom.access.internal;

import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import io.strongroom.access.AccessAdministration.RoleView;
import io.strongroom.platform.Permission;

/**
 * The names and descriptions of built-in roles and permissions in the reader's language, for the
 * pages ({@code ${@roleTexts.name(role)}}): each module's bundle holds {@code permission.<key>}
 * for its permissions, access's holds {@code role.<name>.name} and {@code .description} for the
 * built-in roles. A custom role is shown as its administrators wrote it; the API keeps the English.
 */
@Component("roleTexts")
public class RoleTexts {

    private final MessageSource messages;

    RoleTexts(MessageSource messages) {
        this.messages = messages;
    }

    public String name(RoleView role) {
        return role.builtin() ? text(builtInKey(role.name()) + ".name", role.name()) : role.name();
    }

    public String description(RoleView role) {
        return role.builtin() ? text(builtInKey(role.name()) + ".description", role.description()) : role.description();
    }

    public String permission(Permission permission) {
        return text(permissionKey(permission.key()), permission.description());
    }

    /** {@code role.hr-manager} for "HR manager". */
    static String builtInKey(String name) {
        return "role." + name.toLowerCase(Locale.ROOT).replace(' ', '-');
    }

    static String permissionKey(String key) {
        return "permission." + key;
    }

    private String text(String key, String english) {
        return messages.getMessage(key, null, english, LocaleContextHolder.getLocale());
    }
}
