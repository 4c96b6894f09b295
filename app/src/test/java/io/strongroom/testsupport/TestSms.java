package io.strongroom.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Codes sent by SMS in applications without a gateway: the files under {@code $STRONGROOM_HOME/sms}. */
public final class TestSms {

    private static final Pattern CODE = Pattern.compile("\n\n([0-9]{6}) ");

    private TestSms() {
    }

    /** The code of the newest text message to {@code number} (E.164). */
    public static String lastCode(Path home, String number) {
        try (var files = Files.list(home.resolve("sms"))) {
            for (Path file : files.sorted(Comparator.comparing(TestSms::modified).reversed()).toList()) {
                String text = Files.readString(file);
                if (text.startsWith("To: " + number + "\n")) {
                    Matcher code = CODE.matcher(text);
                    if (code.find()) {
                        return code.group(1);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no text message to " + number + " under " + home.resolve("sms"));
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
