package io.mailferry.service.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GraphCredential;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.connection.GraphWritePath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code connections add/update} for Microsoft 365: the request each option set builds, and what it refuses. */
class ConnectionOptionsTest {
    static final String CLIENT = "535fb089-9ff3-47b6-9bfb-4f1264799865";
    static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIBcert\n-----END CERTIFICATE-----\n"
            + "-----BEGIN PRIVATE KEY-----\nMIIEkey\n-----END PRIVATE KEY-----\n";

    @TempDir
    Path dir;

    private static ConnectionOptions parse(String... args) {
        ConnectionsCommand.AddCommand add = new ConnectionsCommand.AddCommand();
        new CommandLine(add).parseArgs(args);
        return add.options;
    }

    private static ConnectionRequest add(Map<String, String> env, String... args) {
        return parse(args).toNewRequest(env);
    }

    private static Connection existing(GraphCredential credential) {
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        return new Connection("c-1", "Contoso", ConnectionRole.TARGET, ConnectionKind.MICROSOFT_365, null,
                new GraphSettings("contoso.onmicrosoft.com", CLIENT, "global", credential), null, true, t, t, null);
    }

    @Test
    void clientSecretFileShouldMakeAMicrosoft365ConnectionWithItsFirstLine() throws Exception {
        Path file = Files.writeString(dir.resolve("secret.txt"), "Kq8~the-secret-value\nignored\n");

        ConnectionRequest r = add(Map.of(), "--name", "Contoso", "--role", "target", "--kind", "microsoft-365",
                "--tenant", "contoso.onmicrosoft.com", "--client-id", CLIENT, "--client-secret-file", file.toString());

        assertThat(r.kind()).isEqualTo(ConnectionKind.MICROSOFT_365);
        assertThat(r.imap()).isNull();
        assertThat(r.graph()).isEqualTo(new GraphSettings("contoso.onmicrosoft.com", CLIENT, null,
                GraphCredential.CLIENT_SECRET));
        assertThat(r.secret().value()).isEqualTo("Kq8~the-secret-value");
    }

    @Test
    void clientSecretFromTheEnvironmentAndACloudShouldBeKept() {
        ConnectionRequest r = add(Map.of("MF_SECRET", "env-secret"), "--kind", "microsoft-365", "--tenant", "t",
                "--client-id", CLIENT, "--cloud", "us-government", "--client-secret-env", "MF_SECRET");

        assertThat(r.graph().cloud()).isEqualTo("us-government");
        assertThat(r.graph().maxConcurrentRequests()).as("the default cap").isNull();
        assertThat(r.secret().value()).isEqualTo("env-secret");
    }

    @Test
    void theRequestCapShouldBeSetAndKeptByAnUpdate() {
        ConnectionRequest r = add(Map.of("MF_SECRET", "s"), "--kind", "microsoft-365", "--tenant", "t",
                "--client-id", CLIENT, "--max-requests", "2", "--client-secret-env", "MF_SECRET");
        assertThat(r.graph().maxConcurrentRequests()).isEqualTo(2);

        assertThat(parse("--max-requests", "3").toUpdate(existing(GraphCredential.CLIENT_SECRET), Map.of()).graph()
                .maxConcurrentRequests()).isEqualTo(3);
        assertThat(parse("--name", "Renamed").toUpdate(existing(GraphCredential.CLIENT_SECRET), Map.of()).graph()
                .maxConcurrentRequests()).as("not given: the stored cap").isNull();
    }

    @Test
    void theWritePathShouldBeSetKeptByAnUpdateAndCheckedForItsSpelling() {
        ConnectionRequest r = add(Map.of("MF_SECRET", "s"), "--kind", "microsoft-365", "--tenant", "t",
                "--client-id", CLIENT, "--write-path", "graph", "--client-secret-env", "MF_SECRET");
        assertThat(r.graph().writePath()).isEqualTo(GraphWritePath.GRAPH);
        assertThat(add(Map.of("MF_SECRET", "s"), "--kind", "microsoft-365", "--tenant", "t", "--client-id", CLIENT,
                "--client-secret-env", "MF_SECRET").graph().writePath()).as("default: IMAP").isNull();

        Connection graphWritten = new Connection("c-2", "Contoso", ConnectionRole.TARGET, ConnectionKind.MICROSOFT_365,
                null, new GraphSettings("contoso.onmicrosoft.com", CLIENT, "global", GraphCredential.CLIENT_SECRET, 2,
                        GraphWritePath.GRAPH), null, true, Instant.EPOCH, Instant.EPOCH, null);
        assertThat(parse("--name", "Renamed").toUpdate(graphWritten, Map.of()).graph().writePath())
                .as("not given: the stored path").isEqualTo(GraphWritePath.GRAPH);
        assertThat(parse("--write-path", "IMAP").toUpdate(graphWritten, Map.of()).graph().writePath())
                .isEqualTo(GraphWritePath.IMAP);
        assertThat(CliRun.of("connections", "add", "--kind", "microsoft-365", "--write-path", "ews").exitCode())
                .isEqualTo(2);
    }

    @Test
    void pemCertificateShouldBeStoredAsItsText() throws Exception {
        Path pem = Files.writeString(dir.resolve("app.pem"), PEM);

        ConnectionRequest r = add(Map.of(), "--kind", "microsoft-365", "--tenant", "t", "--client-id", CLIENT,
                "--certificate", pem.toString());

        assertThat(r.graph().credential()).isEqualTo(GraphCredential.CERTIFICATE);
        assertThat(r.secret().value()).isEqualTo(PEM);
    }

    @Test
    void pfxShouldBeStoredAsPkcs12Base64AndItsPassword() throws Exception {
        byte[] pfx = {0x30, (byte) 0x82, 0x0a, 0x51, 0x02, 0x01, 0x03, (byte) 0xff, 0x00};
        Path file = Files.write(dir.resolve("app.pfx"), pfx);

        ConnectionRequest r = add(Map.of("PFX_PW", "pfx pass"), "--kind", "microsoft-365", "--tenant", "t",
                "--client-id", CLIENT, "--certificate", file.toString(), "--certificate-password-env", "PFX_PW");

        assertThat(r.graph().credential()).isEqualTo(GraphCredential.CERTIFICATE);
        String secret = r.secret().value();
        assertThat(secret).startsWith("pkcs12:").endsWith("\npfx pass");
        String base64 = secret.substring("pkcs12:".length(), secret.indexOf('\n'));
        assertThat(Base64.getDecoder().decode(base64)).isEqualTo(pfx);
    }

    @Test
    void unusableCertificateFilesShouldBeRefusedWithTheReason() throws Exception {
        Path certOnly = Files.writeString(dir.resolve("cert.pem"), PEM.substring(0, PEM.indexOf("-----BEGIN PRIV")));
        Path encrypted = Files.writeString(dir.resolve("enc.pem"), PEM.replace("PRIVATE KEY", "ENCRYPTED PRIVATE KEY"));
        Path pem = Files.writeString(dir.resolve("app.pem"), PEM);

        assertRefused(Map.of(), "holds no private key; give the certificate and its key in one PEM file, or a "
                + ".pfx/.p12 file.", "--kind", "microsoft-365", "--certificate", certOnly.toString());
        assertRefused(Map.of(), "is encrypted; export it without a password, or give a .pfx/.p12 file with "
                + "--certificate-password-env.", "--kind", "microsoft-365", "--certificate", encrypted.toString());
        assertRefused(Map.of("PW", "x"), "--certificate-password-env is for .pfx/.p12 files", "--kind",
                "microsoft-365", "--certificate", pem.toString(), "--certificate-password-env", "PW");
        assertRefused(Map.of(), "The certificate file " + dir.resolve("missing.pem") + " does not exist.", "--kind",
                "microsoft-365", "--certificate", dir.resolve("missing.pem").toString());
        assertRefused(Map.of(), "The certificate file " + dir + " is a directory, not a file.", "--kind",
                "microsoft-365", "--certificate", dir.toString());
    }

    @Test
    void credentialsShouldBeOneAndFromTheEnvironmentOrAFile() throws Exception {
        Path pem = Files.writeString(dir.resolve("app.pem"), PEM);

        assertRefused(Map.of("S", "x"), "Give one credential", "--kind", "microsoft-365", "--client-secret-env", "S",
                "--certificate", pem.toString());
        assertRefused(Map.of(), "The environment variable MF_NOPE is not set.", "--kind", "microsoft-365",
                "--client-secret-env", "MF_NOPE");
        assertRefused(Map.of("PW", "x"), "--certificate-password-env goes with --certificate", "--kind",
                "microsoft-365", "--certificate-password-env", "PW");
        assertThat(CliRun.of("connections", "add", "--kind", "microsoft-365", "--client-secret", "x").exitCode())
                .as("no option takes a secret on the command line").isEqualTo(2);
    }

    @Test
    void optionsOfTheOtherKindShouldBeRefused() {
        assertRefused(Map.of(), "IMAP options (--host, --port", "--kind", "microsoft-365", "--host",
                "imap.example.com");
        assertRefused(Map.of(), "Microsoft 365 options (--tenant, --client-id, --cloud, --max-requests, "
                + "--write-path, --client-secret-*, --certificate*) need --kind microsoft-365.", "--tenant", "t");
        assertThat(CliRun.of("connections", "add", "--kind", "pop3").exitCode()).isEqualTo(2);
        assertRefused(Map.of(), "need --kind microsoft-365.", "--kind", "gmail", "--tenant", "t");
    }

    @Test
    void microsoft365OptionsShouldBeRefusedByAnUpdateOfAnotherKind() {
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        for (ConnectionKind kind : new ConnectionKind[] {ConnectionKind.EXCHANGE, ConnectionKind.GMAIL,
                ConnectionKind.IMAP}) {
            Connection other = new Connection("c-9", "Other", ConnectionRole.SOURCE, kind, null, null, null, true, t,
                    t, null);
            assertThatThrownBy(() -> parse("--tenant", "contoso.onmicrosoft.com").toUpdate(other, Map.of()))
                    .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.getMessage())
                            .isEqualTo("Connection c-9 is a " + kind + " connection; Microsoft 365 options do not "
                                    + "apply to it."));
        }
    }

    @Test
    void anImapAddShouldStayAsItWas() {
        ConnectionRequest r = add(Map.of("PW", "pw"), "--host", "imap.example.com", "--user", "u", "--password-env",
                "PW");

        assertThat(r.kind()).isEqualTo(ConnectionKind.IMAP);
        assertThat(r.graph()).isNull();
        assertThat(r.imap().port()).isEqualTo(993);
    }

    @Test
    void updateShouldChangeOnlyWhatIsGivenAndSwitchTheCredentialWithTheNewOne() throws Exception {
        ConnectionRequest renamed = parse("--name", "Renamed", "--cloud", "china").toUpdate(
                existing(GraphCredential.CERTIFICATE), Map.of());
        assertThat(renamed.name()).isEqualTo("Renamed");
        assertThat(renamed.graph()).isEqualTo(new GraphSettings("contoso.onmicrosoft.com", CLIENT, "china",
                GraphCredential.CERTIFICATE));
        assertThat(renamed.secret()).as("stored credential kept").isNull();

        ConnectionRequest toSecret = parse("--client-secret-env", "S").toUpdate(existing(GraphCredential.CERTIFICATE),
                Map.of("S", "new-secret"));
        assertThat(toSecret.graph().credential()).isEqualTo(GraphCredential.CLIENT_SECRET);
        assertThat(toSecret.secret().value()).isEqualTo("new-secret");

        Path pem = Files.writeString(dir.resolve("app.pem"), PEM);
        ConnectionRequest toCertificate = parse("--certificate", pem.toString()).toUpdate(
                existing(GraphCredential.CLIENT_SECRET), Map.of());
        assertThat(toCertificate.graph().credential()).isEqualTo(GraphCredential.CERTIFICATE);
        assertThat(toCertificate.secret().value()).isEqualTo(PEM);
    }

    @Test
    void updateShouldRefuseImapOptionsAndAKindChange() {
        assertThatThrownBy(() -> parse("--password-env", "PW").toUpdate(existing(GraphCredential.CLIENT_SECRET),
                Map.of("PW", "x"))).isInstanceOfSatisfying(CliException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("is a Microsoft 365 connection; IMAP and password options do"
                            + " not apply");
                });
        assertThatThrownBy(() -> parse("--kind", "imap").toUpdate(existing(GraphCredential.CLIENT_SECRET), Map.of()))
                .isInstanceOf(CliException.class).hasMessageContaining("its kind cannot change");
    }

    @Test
    void helpShouldDocumentTheMicrosoft365Options() {
        CliRun help = CliRun.of("connections", "add", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Microsoft 365 (--kind microsoft-365", "--kind", "--tenant", "--client-id",
                "--cloud", "--client-secret-file", "--client-secret-env", "--certificate",
                "--certificate-password-env", "Add an IMAP, Microsoft 365, Gmail or on-premises Exchange connection.", "--service-account-key", "--labels",
                "--ews-url", "--autodiscover", "--ews-auth");
    }

    private static void assertRefused(Map<String, String> env, String words, String... args) {
        assertThatThrownBy(() -> add(env, args)).isInstanceOfSatisfying(CliException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(2);
            assertThat(e.getMessage()).contains(words);
        });
    }
}
