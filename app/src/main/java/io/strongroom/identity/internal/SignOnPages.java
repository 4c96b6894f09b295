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
 * Settings pages for SAML 2.0 identity providers and SCIM tokens (A7): listed, added, removed; a SCIM
 * token is shown once, on the page that made it, and never again.
 */
@PageController
class SignOnPages {

    private final SamlConnections saml;
    private final SamlSignIn samlSignIn;
    private final ScimTokens scimTokens;
    private final IdentityProperties properties;

    SignOnPages(SamlConnections saml, SamlSignIn samlSignIn, ScimTokens scimTokens, IdentityProperties properties) {
        this.saml = saml;
        this.samlSignIn = samlSignIn;
        this.scimTokens = scimTokens;
        this.properties = properties;
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @GetMapping("/app/settings/saml")
    String samlPage(Model model) {
        model.addAttribute("connections", saml.list());
        model.addAttribute("acsUrl", samlSignIn.acsUrl());
        model.addAttribute("metadataBase", samlSignIn.entityId(samlSignIn.workspaceSlug(), UUID.randomUUID())
                .replaceAll("/saml/[^/]+/metadata$", "/saml/"));
        return "identity/saml";
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @StepUp("decides who can sign in to the workspace")
    @PostMapping("/app/settings/saml")
    String addSaml(@RequestParam(defaultValue = "") String name,
            @RequestParam(name = "idp_entity_id", defaultValue = "") String entityId,
            @RequestParam(name = "sso_url", defaultValue = "") String ssoUrl,
            @RequestParam(name = "idp_certificate", defaultValue = "") String certificate,
            @RequestParam(defaultValue = "") String domains, Model model, RedirectAttributes redirect) {
        List<String> domainList = Arrays.stream(domains.split("[,\\s]+")).filter(d -> !d.isBlank()).toList();
        Object added = Forms.attempt(model, () -> saml.add(new SamlConnections.NewConnection(name, entityId, ssoUrl,
                certificate, domainList, null, null)));
        if (added == null) {
            Map<String, String> form = new HashMap<>();
            form.put("name", name);
            form.put("idp_entity_id", entityId);
            form.put("sso_url", ssoUrl);
            form.put("idp_certificate", certificate);
            form.put("domains", domains);
            model.addAttribute("form", form);
            return samlPage(model);
        }
        redirect.addFlashAttribute("notice", "settings.saml-added");
        return "redirect:/app/settings/saml";
    }

    /** "Test connection": certificate validity and the provider's sign-in URL; changes nothing. */
    @PreAuthorize("hasAuthority('settings:manage')")
    @PostMapping("/app/settings/saml/{id}/test")
    String testSaml(@PathVariable UUID id, RedirectAttributes redirect) {
        redirect.addFlashAttribute("samlTest", saml.test(id));
        return "redirect:/app/settings/saml";
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @StepUp("decides who can sign in to the workspace")
    @PostMapping("/app/settings/saml/{id}/delete")
    String removeSaml(@PathVariable UUID id, Model model, RedirectAttributes redirect) {
        if (Forms.attempt(model, () -> {
            saml.remove(id);
            return Boolean.TRUE;
        }) == null) {
            return samlPage(model);
        }
        redirect.addFlashAttribute("notice", "settings.saml-removed");
        return "redirect:/app/settings/saml";
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @GetMapping("/app/settings/scim")
    String scimPage(Model model) {
        model.addAttribute("tokens", scimTokens.list());
        model.addAttribute("scimUrl", properties.publicUrl().replaceAll("/+$", "") + "/scim/v2");
        return "identity/scim";
    }

    /** Makes a token and shows it on this answer only (never stored but as a hash, never shown again). */
    @PreAuthorize("hasAuthority('settings:manage')")
    @StepUp("lets a directory create and remove the workspace's users")
    @PostMapping("/app/settings/scim/tokens")
    String createScimToken(@RequestParam(defaultValue = "") String name, Model model) {
        ScimTokens.Issued issued = Forms.attempt(model, () -> scimTokens.create(name));
        if (issued == null) {
            model.addAttribute("form", Map.of("name", name));
        } else {
            model.addAttribute("issued", issued.secret());
        }
        return scimPage(model);
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @StepUp("lets a directory create and remove the workspace's users")
    @PostMapping("/app/settings/scim/tokens/{id}/delete")
    String revokeScimToken(@PathVariable UUID id, Model model, RedirectAttributes redirect) {
        if (Forms.attempt(model, () -> {
            scimTokens.revoke(id);
            return Boolean.TRUE;
        }) == null) {
            return scimPage(model);
        }
        redirect.addFlashAttribute("notice", "settings.scim-revoked");
        return "redirect:/app/settings/scim";
    }
}
