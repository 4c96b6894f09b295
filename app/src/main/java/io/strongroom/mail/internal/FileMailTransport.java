package io.strongroom.mail.internal;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strongroom.mail.OutgoingMail;
import jakarta.mail.Session;

/**
 * With no SMTP relay configured (the embedded default), each message is written as an .eml file
 * under {@code $STRONGROOM_HOME/mail/} (readable by its owner only) and its path logged, so a
 * person trying Strongroom can open it and follow its links. The body is not logged.
 */
final class FileMailTransport implements MailTransport {

    private static final Logger log = LoggerFactory.getLogger(FileMailTransport.class);

    private final Path directory;
    private final String from;

    FileMailTransport(Path directory, String from) {
        this.directory = directory;
        this.from = from;
    }

    @Override
    public void send(UUID messageId, OutgoingMail mail) throws Exception {
        Files.createDirectories(directory);
        Path file = directory.resolve(messageId + ".eml");
        Session session = Session.getInstance(new Properties());
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            Messages.mime(session, from, messageId, mail).writeTo(out);
        }
        // the recipient's address is personal data: named at DEBUG only (the file itself holds it)
        log.info("No SMTP relay configured: mail \"{}\" written to {}", mail.subject(), file.toAbsolutePath());
        log.debug("Mail in {} is to {}", file.getFileName(), mail.to());
    }
}
