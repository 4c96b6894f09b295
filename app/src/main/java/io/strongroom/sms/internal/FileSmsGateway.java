package io.strongroom.sms.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strongroom.sms.SmsGateway;
import io.strongroom.sms.SmsUnavailable;

/**
 * With no SMS gateway configured (the embedded default), each message is written to a file under
 * {@code $STRONGROOM_HOME/sms/} readable by its owner only, and the file's path is logged, so a person
 * trying Strongroom can read the code. Neither the number nor the text is logged.
 */
final class FileSmsGateway implements SmsGateway {

    private static final Logger log = LoggerFactory.getLogger(FileSmsGateway.class);

    private final Path directory;

    FileSmsGateway(Path directory) {
        this.directory = directory;
    }

    @Override
    public void send(String to, String text) {
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve(UUID.randomUUID() + ".txt");
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, "To: " + to + "\n\n" + text + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.WRITE);
            log.info("No SMS gateway configured: text message written to {}", file.toAbsolutePath());
        } catch (IOException e) {
            throw new SmsUnavailable("Cannot write the text message under " + directory, e);
        }
    }

    @Override
    public String kind() {
        return "file";
    }
}
