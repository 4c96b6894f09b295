package io.strongroom.mail.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.strongroom.mail.OutgoingMail;

/** Mail written to files: the file says everything, the INFO log line names no recipient. */
@ExtendWith(OutputCaptureExtension.class)
class FileMailTransportTest {

    @Test
    void theLogNamesTheFileButNotTheRecipient(@TempDir Path directory, CapturedOutput output) throws Exception {
        UUID id = UUID.randomUUID();
        new FileMailTransport(directory, "Strongroom <no-reply@localhost>")
                .send(id, new OutgoingMail("grace.hopper@example.org", "Your invitation", "Follow the link."));
        assertThat(Files.readString(directory.resolve(id + ".eml"))).contains("grace.hopper@example.org");
        assertThat(output.getOut()).contains("written to").contains(id + ".eml")
                .doesNotContain("grace.hopper@example.org").doesNotContain("Follow the link");
    }
}
