package io.strongroom.platform.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's standby commands refuse what they cannot do with a sentence, never a stack trace (B8). */
@Tag("B8")
class StandbyCommandTest {

    @TempDir
    Path home;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return StandbyCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutACommandOrWithAnUnknownOneItPrintsTheUsage() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("failover", "--home", "x")).isEqualTo(2);
        assertThat(run("create", "--home")).isEqualTo(2);
        assertThat(errors()).contains("strongroom standby create --primary-home DIR --home DIR");
    }

    @Test
    void missingAndUnknownOptionsAndBadPortsAreNamed() {
        assertThat(run("create", "--home", home.toString())).isEqualTo(1);
        assertThat(errors()).contains("--primary-home is missing");
        assertThat(run("promote", "--home", home.toString(), "--force", "yes")).isEqualTo(1);
        assertThat(errors()).contains("unknown option --force");
        assertThat(run("run", "--home", home.toString(), "--port", "99999")).isEqualTo(1);
        assertThat(run("run", "--home", home.toString(), "--port", "5432; rm")).isEqualTo(1);
        assertThat(errors()).contains("--port must be a TCP port");
    }

    @Test
    void aPrimaryThatDoesNotRunOrAHostThatIsNoHostIsRefusedAndNothingIsWritten() throws Exception {
        Path standby = home.resolve("standby");
        assertThat(run("create", "--primary-home", home.toString(), "--home", standby.toString())).isEqualTo(1);
        assertThat(errors()).contains("is not running");
        assertThat(run("create", "--primary-home", home.toString(), "--home", standby.toString(), "--primary-host",
                "db' password='x")).isEqualTo(1);
        assertThat(errors()).contains("Not a host name or address");
        assertThat(run("create", "--primary-home", home.toString(), "--home", home.toString())).isEqualTo(1);
        assertThat(errors()).contains("its own STRONGROOM_HOME");
        assertThat(run("create", "--primary-home", home.toString(), "--home", home.resolve("postgres/inside").toString()))
                .isEqualTo(1);
        assertThat(errors()).contains("nor one inside it");
        assertThat(standby).doesNotExist();
        assertThat(run("promote", "--home", home.toString())).isEqualTo(1);
        assertThat(errors()).contains("No PostgreSQL server runs on");
        assertThat(run("run", "--home", home.toString(), "--port", "54329")).as("no database made here").isEqualTo(1);
        assertThat(errors()).contains("make the standby first");
        assertThat(Files.list(home)).isEmpty();
    }
}
