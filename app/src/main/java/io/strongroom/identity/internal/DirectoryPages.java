package io.strongroom.identity.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.strongroom.platform.StepUp;
import io.strongroom.web.Forms;
import io.strongroom.web.PageController;

/**
 * The workspace's Active Directory / LDAP directories (A7), a page of the settings: listed, added
 * (the service account's password never shown back, not even on a refused form), tested, removed.
 */
@PageController
class DirectoryPages {

    private final DirectoryConnections directories;

    DirectoryPages(DirectoryConnections directories) {
        this.directories = directories;
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @GetMapping("/app/settings/directories")
    String page(Model model) {
        model.addAttribute("directories", directories.list());
        model.addAttribute("defaultFilter", DirectoryConnections.DEFAULT_FILTER);
        return "identity/directories";
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @StepUp("decides who can sign in to the workspace")
    @PostMapping("/app/settings/directories")
    String add(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String url,
            @RequestParam(name = "base_dn", defaultValue = "") String baseDn,
            @RequestParam(name = "bind_dn", defaultValue = "") String bindDn,
            @RequestParam(name = "bind_password", defaultValue = "") String bindPassword,
            @RequestParam(name = "user_filter", defaultValue = "") String userFilter,
            @RequestParam(name = "email_attribute", defaultValue = "") String emailAttribute,
            @RequestParam(name = "groups_attribute", defaultValue = "") String groupsAttribute,
            @RequestParam(defaultValue = "") String domains,
            @RequestParam(name = "ca_certificate", defaultValue = "") String caCertificate, Model model,
            RedirectAttributes redirect) {
        List<String> domainList = Arrays.stream(domains.split("[,\\s]+")).filter(d -> !d.isBlank()).toList();
        Object added = Forms.attempt(model, () -> directories.add(new DirectoryConnections.NewConnection(name, url, baseDn,
                bindDn, bindPassword, userFilter, emailAttribute, groupsAttribute, domainList, caCertificate)));
        if (added == null) {
            Map<String, String> form = new HashMap<>();
            form.put("name", name);
            form.put("url", url);
            form.put("base_dn", baseDn);
            form.put("bind_dn", bindDn);
            form.put("user_filter", userFilter);
            form.put("email_attribute", emailAttribute);
            form.put("groups_attribute", groupsAttribute);
            form.put("domains", domains);
            form.put("ca_certificate", caCertificate);
            model.addAttribute("form", form);
            return page(model);
        }
        redirect.addFlashAttribute("notice", "settings.directory-added");
        return "redirect:/app/settings/directories";
    }

    /** "Test connection": connects with TLS, binds as the service account, reads the base entry; changes nothing. */
    @PreAuthorize("hasAuthority('settings:manage')")
    @PostMapping("/app/settings/directories/{id}/test")
    String test(@PathVariable UUID id, RedirectAttributes redirect) {
        redirect.addFlashAttribute("directoryTest", directories.test(id));
        return "redirect:/app/settings/directories";
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @StepUp("decides who can sign in to the workspace")
    @PostMapping("/app/settings/directories/{id}/delete")
    String remove(@PathVariable UUID id, Model model, RedirectAttributes redirect) {
        if (Forms.attempt(model, () -> {
            directories.remove(id);
            return Boolean.TRUE;
        }) == null) {
            return page(model);
        }
        redirect.addFlashAttribute("notice", "settings.directory-removed");
        return "redirect:/app/settings/directories";
    }
}
