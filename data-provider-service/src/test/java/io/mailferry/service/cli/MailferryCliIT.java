package io.mailferry.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.service.RunningService;
import io.mailferry.service.ServiceConfig;
import io.mailferry.service.ServiceMain;
import io.mailferry.service.testing.FakeConnectionProbe;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI against a real service on a free port. */
class MailferryCliIT {
    @TempDir
    Path dataDir;

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = MailferryCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void connectionsShouldSayPlainlyWhenTheServiceIsNotRunning() {
        Run r = run("connections", "list", "--data-dir", dataDir.toString());
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("The Mailferry service is not running (no " + dataDir.resolve("service.url")
                + "). Start it with: mailferry serve");
    }

    @Test
    void connectionsCommandsShouldManageConnectionsThroughTheService() throws Exception {
        Path passwordFile = dataDir.resolve("pw.txt");
        Files.writeString(passwordFile, "s3cret\n");
        String dir = dataDir.toString();
        try (RunningService service = ServiceMain.start(
                new ServiceConfig(dataDir, 0, List.of(new FakeConnectionProbe("s3cret")), false))) {
            Run added = run("connections", "add", "--data-dir", dir, "--name", "Old server", "--role", "source",
                    "--host", "imap.example.com", "--security", "starttls", "--auth", "master", "--user", "admin",
                    "--password-file", passwordFile.toString());
            assertThat(added.exit()).as(added.err()).isZero();
            String id = added.out().replaceAll("(?s).*Added connection (\\S+) .*", "$1");

            Run list = run("connections", "list", "--data-dir", dir);
            assertThat(list.out()).contains(id, "Old server", "imap.example.com:143", "never");

            Run test = run("connections", "test", id, "--data-dir", dir);
            assertThat(test.exit()).isZero();
            assertThat(test.out()).startsWith("OK: Logged in to imap.example.com.");

            Run updated = run("connections", "update", id, "--data-dir", dir, "--name", "Renamed", "--port", "1143");
            assertThat(updated.exit()).as(updated.err()).isZero();
            Run show = run("connections", "show", id, "--data-dir", dir);
            assertThat(show.out()).contains("Renamed", "imap.example.com:1143 (STARTTLS)", "stored (encrypted)")
                    .doesNotContain("s3cret");
            assertThat(run("connections", "test", id, "--data-dir", dir).exit()).as("password kept").isZero();

            Run invalid = run("connections", "add", "--data-dir", dir, "--role", "target", "--port", "0");
            assertThat(invalid.exit()).as("values the service refuses are the command line's mistake").isEqualTo(2);
            assertThat(invalid.err()).contains("The connection needs a name.", "needs a host name");
            Run badPort = run("connections", "add", "--data-dir", dir, "--name", "New", "--role", "target",
                    "--host", "imap.example.net", "--port", "70000");
            assertThat(badPort.exit()).as(badPort.err()).isEqualTo(2);
            assertThat(badPort.err()).contains("port must be between 1 and 65535");
            Run tooMany = run("jobs", "create", "--data-dir", dir, "--name", "Many", "--source", id, "--target", id,
                    "--pair", "anna=anna.new", "--concurrency", "500");
            assertThat(tooMany.exit()).as(tooMany.err()).isEqualTo(2);
            assertThat(tooMany.err()).contains("Mailboxes at once must be between 1 and 200, not 500.");

            assertThat(run("connections", "remove", id, "--data-dir", dir).exit()).isZero();
            Run gone = run("connections", "show", id, "--data-dir", dir);
            assertThat(gone.exit()).isEqualTo(1);
            assertThat(gone.err()).contains("There is no connection with id " + id + ".");
            // what an admin may paste as an id reaches the service as that id, and is answered as such
            for (String odd : List.of("%zz", "x{y", "a?b")) {
                Run strange = run("jobs", "show", odd, "--data-dir", dir);
                assertThat(strange.exit()).as(strange.err()).isEqualTo(1);
                assertThat(strange.err()).contains("There is no job with id " + odd + ".");
            }
        }
    }

    @Test
    void helpShouldDocumentEveryOption() {
        Run help = run("connections", "add", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--host", "--port", "--security", "--auth", "--user", "--master-separator",
                "--trust-cert", "--role", "--name", "--password-env", "--password-file", "--data-dir");
        assertThat(run("serve", "--help").out()).contains("--data-dir", "--port");
        assertThat(run("connections", "add", "--password", "x").exit()).isEqualTo(2);
        Run badPort = run("serve", "--port", "70000");
        assertThat(badPort.exit()).isEqualTo(2);
        assertThat(badPort.err()).contains("--port must be from 0 (any free port) to 65535");
    }
}
