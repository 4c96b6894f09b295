package io.strongroom.mail.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import io.strongroom.mail.MailTemplates;
import io.strongroom.mail.OutgoingMail;
import io.strongroom.platform.Language;

/** {@link MailTemplates} on a text-mode Thymeleaf engine of its own (the pages' engine renders HTML), with SpEL as on the pages. */
@Component
class ThymeleafMailTemplates implements MailTemplates {

    private static final Logger log = LoggerFactory.getLogger(ThymeleafMailTemplates.class);
    private static final String SUBJECT = "Subject: ";

    private final SpringTemplateEngine engine = new SpringTemplateEngine();

    ThymeleafMailTemplates() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/");
        resolver.setSuffix(".txt");
        resolver.setTemplateMode(TemplateMode.TEXT);
        resolver.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resolver.setCheckExistence(true);
        resolver.setCacheable(true);
        engine.setTemplateResolver(resolver);
    }

    @Override
    public OutgoingMail render(String to, Language language, String module, String name, Map<String, ?> variables) {
        String template = path(module, language, name);
        if (getClass().getClassLoader().getResource("templates/" + template + ".txt") == null) {
            log.warn("Mail template {} is missing; sending it in {}", template, Language.FALLBACK.tag());
            template = path(module, Language.FALLBACK, name);
        }
        Context context = new Context(language.locale());
        variables.forEach(context::setVariable);
        String text = engine.process(template, context);
        int end = text.indexOf('\n');
        if (!text.startsWith(SUBJECT) || end < 0) {
            throw new IllegalStateException("Mail template " + template + " does not start with a Subject: line");
        }
        String subject = text.substring(SUBJECT.length(), end).strip();
        String body = text.substring(end + 1).stripLeading();
        return new OutgoingMail(to, subject, body);
    }

    static String path(String module, Language language, String name) {
        return module + "/mail/" + language.tag() + "/" + name;
    }
}
