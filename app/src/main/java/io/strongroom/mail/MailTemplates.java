package io.strongroom.mail;

import java.util.Map;

import io.strongroom.platform.Language;

/**
 * Mail texts are templates, one per language, never Java strings: a module keeps its messages in
 * {@code templates/<module>/mail/<language tag>/<name>.txt} (Thymeleaf text mode, values written
 * as {@code [(${name})]}). The first line is {@code Subject: ...}, then an empty line, then the
 * body. A template missing in the recipient's language falls back to English
 * ({@code MessageKeysTest} fails the build when one is missing).
 */
public interface MailTemplates {

    /**
     * The message {@code name} of {@code module} in {@code language}, for {@code to}.
     *
     * @param variables the template's values; plain text, never markup
     */
    OutgoingMail render(String to, Language language, String module, String name, Map<String, ?> variables);
}
