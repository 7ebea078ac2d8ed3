package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.job.JobState;
import io.mailferry.model.mailbox.CsvImportResult;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.testing.ApiClient;
import io.mailferry.service.testing.ApiClient.Answer;
import io.mailferry.service.testing.DovecotServer;
import io.mailferry.service.testing.PasswordForms;
import io.mailferry.service.testing.ImapSeeder;
import io.mailferry.service.testing.ServiceProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The security rules, checked from outside: the real service runs as its own process with its production file
 * logging (the CLI's {@code serve}), is driven through every path that handles a password — connections with a master
 * password and a connection password, "test connection" with right and wrong passwords, a headerless CSV, a malformed
 * request, a CSV import with per-pair passwords, a job with one pair that copies and one whose login is refused,
 * reports in every format, the pairs export — and {@code mailferry migrate} runs as its own process, once verified and
 * once with a refused login. Afterwards no password, nor any base64 form of it (as AUTHENTICATE PLAIN sends it), may
 * appear in any file of either data directory (logs, database, WAL, reports), in any API answer, or in the processes'
 * output. It also checks the files that guard the service (0600 token and key, 0700 data directory) and that the API
 * listens on 127.0.0.1 only.
 */
class SecretLeakIT {
    /** Passwords no code, fixture or log line would contain by chance. */
    private static final String TARGET_CONNECTION_PW = "TgtConn-Qx7vLk93-pw";
    private static final String PAIR_TARGET_PW = "PairTgt-Wm4hZr28-pw";
    private static final String PAIR_SOURCE_PW = "PairSrc-Ny6dFt51-pw";
    private static final String PAIR_WRONG_PW = "PairWrong-Hb2sJc64-pw";
    private static final String TEST_WRONG_PW = "TestWrong-Rk8gVu17-pw";
    private static final String MALFORMED_PW = "Malformed-Ea3pYo45-pw";
    private static final String HEADERLESS_PW = "Headerless-Uc9nXi36-pw";
    private static final String MIGRATE_SOURCE_PW = "MigSrc-Dj5tBq72-pw";
    private static final String MIGRATE_TARGET_PW = "MigTgt-Lf1wSe88-pw";
    private static final String MIGRATE_WRONG_PW = "MigWrong-Gz4mKa09-pw";

    @TempDir
    Path tmp;
    final DovecotServer dovecot = DovecotServer.shared();
    final ImapSeeder seeder = new ImapSeeder(dovecot.host(), dovecot.imapPort());
    /** Every answer body the API gave, with what was asked. */
    final Map<String, String> answers = new LinkedHashMap<>();
    ServiceProcess service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void noPasswordShouldReachAnyFileAnswerOrOutputAndTheServiceShouldBeLocalAndPrivate() throws Exception {
        long started = System.nanoTime();
        // users with distinctive passwords (Dovecot re-reads its passwd file at most once a second: one wait)
        String targetLogin = "leak-tgt-conn";
        String pairTarget = "leak-tgt-ok";
        String refusedTarget = "leak-tgt-refused";
        String migrateSource = "leak-mig-src";
        String migrateTarget = "leak-mig-tgt";
        dovecot.addUsers(Map.of(targetLogin, TARGET_CONNECTION_PW, pairTarget, PAIR_TARGET_PW,
                refusedTarget, "the-real-one", migrateSource, MIGRATE_SOURCE_PW, migrateTarget, MIGRATE_TARGET_PW));
        String source1 = dovecot.newUser();
        String source2 = dovecot.newUser();
        seeder.add(source1, dovecot.password(source1), "INBOX", "Quarterly figures", 3);
        seeder.add(source2, dovecot.password(source2), "INBOX", "Holiday plan", 2);
        seeder.add(migrateSource, MIGRATE_SOURCE_PW, "INBOX", "Migrated alone", 2);

        Path dataDir = tmp.resolve("service-data");
        Path serviceOutput = tmp.resolve("service.out");
        service = ServiceProcess.start(dataDir, serviceOutput); // the service creates its data directory itself
        ApiClient api = service.api();
        int apiPort = api.base().getPort();

        // connections: the source by master user, the target with its own password
        Connection source = call(api, "POST", "/api/v1/connections", new ConnectionRequest("Old server",
                ConnectionRole.SOURCE, ConnectionKind.IMAP, new ImapSettings(dovecot.host(), dovecot.imapPort(),
                        ImapSecurity.NONE, ImapAuthMode.MASTER_USER, DovecotServer.MASTER_USER, "*", null),
                null, null, new Secret(DovecotServer.MASTER_PASSWORD)), 201).as(Connection.class);
        Connection target = call(api, "POST", "/api/v1/connections", imap("New server", ConnectionRole.TARGET,
                targetLogin, TARGET_CONNECTION_PW), 201).as(Connection.class);

        // "test connection": both saved ones (the source by master user) and an unsaved one with a wrong password
        call(api, "POST", "/api/v1/connections/" + target.id() + "/test", null, 200);
        ConnectionTestResult masterTest = call(api, "POST", "/api/v1/connections/" + source.id() + "/test", null,
                200).as(ConnectionTestResult.class);
        assertThat(masterTest.ok()).as(masterTest.message()).isTrue();
        ConnectionTestResult wrong = call(api, "POST", "/api/v1/connections/test",
                imap("Wizard", ConnectionRole.TARGET, pairTarget, TEST_WRONG_PW), 200).as(ConnectionTestResult.class);
        assertThat(wrong.ok()).as(wrong.message()).isFalse();
        ConnectionTestResult tlsWrong = call(api, "POST", "/api/v1/connections/test", new ConnectionRequest("TLS",
                ConnectionRole.SOURCE, ConnectionKind.IMAP, new ImapSettings(dovecot.host(), dovecot.imapsPort(),
                        ImapSecurity.TLS, ImapAuthMode.PASSWORD, pairTarget, null, dovecot.certificatePem()),
                null, null, new Secret(TEST_WRONG_PW)), 200).as(ConnectionTestResult.class);
        assertThat(tlsWrong.ok()).as(tlsWrong.message()).isFalse();
        // error paths of the API itself: a malformed body and an invalid one, both carrying a password
        call(api, "POST", "/api/v1/connections", "{\"name\":\"x\",\"secret\":\"" + MALFORMED_PW + "\",", 400);
        call(api, "POST", "/api/v1/connections", imap("", ConnectionRole.TARGET, "", MALFORMED_PW), 400);

        Job job = call(api, "POST", "/api/v1/jobs", new JobRequest("Leak check", source.id(), target.id(), null,
                List.of()), 201).as(Job.class);
        String jobPath = "/api/v1/jobs/" + job.id();
        // a CSV without its header: its first row must not come back as "the header ... is unknown"
        call(api, "POST", "/api/v1/csv/pairs", source1 + "," + pairTarget + ",," + HEADERLESS_PW + ",,\n", 200);
        CsvImportResult imported = call(api, "POST", jobPath + "/pairs/import",
                "SourceMailbox,TargetMailbox,SourceUser,SourcePassword,TargetUser,TargetPassword\n"
                        + source1 + "," + pairTarget + "," + source1 + "," + PAIR_SOURCE_PW + "," + pairTarget + ","
                        + PAIR_TARGET_PW + "\n"
                        + source2 + "," + refusedTarget + ",,," + refusedTarget + "," + PAIR_WRONG_PW + "\n", 200)
                .as(CsvImportResult.class);
        assertThat(imported.errors()).isEmpty();
        assertThat(imported.pairs()).hasSize(2);

        call(api, "POST", jobPath + "/start", null, 202);
        Job finished = awaitEnd(api, jobPath);
        assertThat(finished.state()).as(finished.verdict()).isEqualTo(JobState.COMPLETED_WITH_ISSUES);
        MailboxPair[] pairs = call(api, "GET", jobPath + "/pairs", null, 200).as(MailboxPair[].class);
        assertThat(pairs).extracting(MailboxPair::state)
                .containsExactlyInAnyOrder(MailboxState.COMPLETED, MailboxState.FAILED);
        for (String format : List.of("json", "csv", "html")) {
            call(api, "GET", jobPath + "/report?format=" + format, null, 200);
            for (MailboxPair p : pairs) {
                call(api, "GET", jobPath + "/pairs/" + p.id() + "/report?format=" + format, null, 200);
            }
        }
        for (String path : List.of(jobPath + "/pairs/export", "/api/v1/connections", "/api/v1/connections/"
                + source.id(), "/api/v1/connections/" + target.id(), jobPath, "/api/v1/jobs", "/api/v1/alerts",
                "/api/v1/dashboard/throughput", "/api/v1/license", "/api/v1/health")) {
            call(api, "GET", path, null, 200);
        }
        for (MailboxPair p : pairs) {
            call(api, "GET", jobPath + "/pairs/" + p.id(), null, 200);
        }

        assertListensOnLoopbackOnly(apiPort);
        service.close(); // flushes the logs
        service = null;

        // mailferry migrate, each run its own process with its production file logging
        Path migrateDir = tmp.resolve("migrate-data");
        Path targetPwFile = Files.writeString(tmp.resolve("target.pw"), MIGRATE_TARGET_PW);
        Run verified = migrate(migrateDir, migrateSource, migrateTarget, Map.of("SRC_PW", MIGRATE_SOURCE_PW),
                "--target-password-file", targetPwFile.toString());
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        Run refused = migrate(migrateDir, migrateSource, migrateTarget,
                Map.of("SRC_PW", MIGRATE_SOURCE_PW, "TGT_PW", MIGRATE_WRONG_PW), "--target-password-env", "TGT_PW");
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(3);
        assertThat(refused.output()).containsIgnoringCase("target");

        List<String> secrets = List.of(DovecotServer.MASTER_PASSWORD, TARGET_CONNECTION_PW, PAIR_TARGET_PW,
                PAIR_SOURCE_PW, PAIR_WRONG_PW, TEST_WRONG_PW, MALFORMED_PW, HEADERLESS_PW, MIGRATE_SOURCE_PW,
                MIGRATE_TARGET_PW, MIGRATE_WRONG_PW);
        Map<String, String> haystacks = new LinkedHashMap<>();
        answers.forEach((request, body) -> haystacks.put("answer to " + request, body));
        haystacks.put("migrate output (verified run)", verified.output());
        haystacks.put("migrate output (refused run)", refused.output());
        haystacks.put("service stdout and stderr", Files.readString(serviceOutput, StandardCharsets.ISO_8859_1));
        haystacks.putAll(filesUnder(dataDir)); // logs/*, mailferry.db(-wal,-shm), api-token, secret.key
        haystacks.putAll(filesUnder(migrateDir));
        assertThat(haystacks.keySet()).as("what was searched")
                .anyMatch(k -> k.endsWith("logs/api.log")).anyMatch(k -> k.endsWith("logs/connector.log"))
                .anyMatch(k -> k.endsWith("logs/engine.log")).anyMatch(k -> k.endsWith("mailferry.db"))
                .anyMatch(k -> k.contains("stdout")).anyMatch(k -> k.contains("report"));
        assertNoSecret(secrets, haystacks);

        assertThat(mode(dataDir)).as("data directory").isEqualTo("rwx------");
        assertThat(mode(dataDir.resolve("api-token"))).as("api-token").isEqualTo("rw-------");
        assertThat(mode(dataDir.resolve("secret.key"))).as("secret.key").isEqualTo("rw-------");
        assertThat(mode(migrateDir)).as("migrate's data directory").isEqualTo("rwx------");
        assertThat(mode(migrateDir.resolve("secret.key"))).as("migrate's secret.key").isEqualTo("rw-------");
        System.out.printf(Locale.ROOT, "SecretLeakIT searched %d files and answers for %d passwords in %d ms%n",
                haystacks.size(), secrets.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private ConnectionRequest imap(String name, ConnectionRole role, String user, String password) {
        return new ConnectionRequest(name, role, ConnectionKind.IMAP, new ImapSettings(dovecot.host(),
                dovecot.imapPort(), ImapSecurity.NONE, ImapAuthMode.PASSWORD, user, null, null), null, null,
                new Secret(password));
    }

    /** Sends a request (a String body as is, with a CSV content type when it looks like CSV), keeps the answer. */
    private Answer call(ApiClient api, String method, String path, Object body, int expectedStatus) {
        Answer answer = body instanceof String text && !text.startsWith("{")
                ? api.sendText(method, path, "text/csv; charset=utf-8", text)
                : api.send(method, path, body);
        answers.put(method + " " + path + " #" + answers.size(), answer.body() + "\n" + answer.headers());
        assertThat(answer.status()).as(method + " " + path + ": " + answer.body()).isEqualTo(expectedStatus);
        return answer;
    }

    private static Job awaitEnd(ApiClient api, String jobPath) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            Job job = api.get(jobPath).as(Job.class);
            if (!List.of(JobState.NEW, JobState.QUEUED, JobState.RUNNING, JobState.STOPPING).contains(job.state())) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the job did not end within 120 s");
    }

    private record Run(int exitCode, String output) {
    }

    private Run migrate(Path dataDir, String source, String target, Map<String, String> env, String... targetPassword)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "io.mailferry.service.cli.MailferryCli", "migrate", "--data-dir", dataDir.toString(),
                "--source-host", dovecot.host(), "--source-port", String.valueOf(dovecot.imapPort()),
                "--source-security", "none", "--source-user", source, "--source-password-env", "SRC_PW",
                "--target-host", dovecot.host(), "--target-port", String.valueOf(dovecot.imapPort()),
                "--target-security", "none", "--target-user", target,
                "--report", dataDir.resolve("reports").toString()));
        command.addAll(List.of(targetPassword));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("migrate did not end within 120 s: " + output);
        }
        return new Run(p.exitValue(), output);
    }

    /**
     * The API's socket: every listening entry for the port in {@code /proc/net/tcp} and {@code /tcp6} must be
     * 127.0.0.1 (the JVM may bind it as the IPv4-mapped {@code ::ffff:127.0.0.1}), and a connection to each of the
     * machine's other IPv4 addresses on the port must be refused.
     */
    private static void assertListensOnLoopbackOnly(int port) throws IOException {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        List<String> entries = new ArrayList<>(listening(Path.of("/proc/net/tcp"), hexPort));
        entries.addAll(listening(Path.of("/proc/net/tcp6"), hexPort));
        assertThat(entries).as("listening sockets on port %d", port).isNotEmpty()
                .allMatch(e -> e.equals("0100007F" + hexPort) || e.equals("0000000000000000FFFF00000100007F" + hexPort),
                        "127.0.0.1 only");
        int others = 0;
        for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
            for (InetAddress address : nic.inetAddresses().toList()) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    others++;
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(address, port), 2000);
                        fail("The API answered on " + address.getHostAddress() + ":" + port);
                    } catch (IOException refused) {
                        // expected: nothing listens there
                    }
                }
            }
        }
        System.out.println("SecretLeakIT: the API refused connections on " + others + " non-loopback address(es)");
    }

    /** Local addresses of LISTEN (state 0A) entries on {@code hexPort} in a /proc/net/tcp* file. */
    private static List<String> listening(Path table, String hexPort) throws IOException {
        if (!Files.exists(table)) {
            return List.of();
        }
        return Files.readAllLines(table).stream().skip(1).map(String::trim).map(l -> l.split("\\s+"))
                .filter(f -> f.length > 3 && f[1].endsWith(hexPort) && f[3].equals("0A")).map(f -> f[1]).toList();
    }

    /** Every regular file under {@code dir} as text (bytes as Latin-1, so any ASCII password shows), .gz unpacked. */
    private static Map<String, String> filesUnder(Path dir) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                byte[] bytes = Files.readAllBytes(f);
                if (f.toString().endsWith(".gz")) {
                    try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
                        bytes = in.readAllBytes();
                    }
                }
                files.put(f.toString(), new String(bytes, StandardCharsets.ISO_8859_1));
            }
        }
        return files;
    }

    private static void assertNoSecret(List<String> secrets, Map<String, String> haystacks) {
        List<String> leaks = new ArrayList<>();
        for (String secret : secrets) {
            List<String> forms = new ArrayList<>(List.of(secret));
            forms.addAll(PasswordForms.base64(secret));
            haystacks.forEach((where, text) -> forms.stream().filter(text::contains).findFirst().ifPresent(form ->
                    leaks.add(where + " contains " + (form.equals(secret) ? "" : "the base64 form " + form + " of ")
                            + secret + " near: " + excerpt(text, form))));
        }
        assertThat(leaks).as("password leaks").isEmpty();
    }

    private static String excerpt(String text, String form) {
        int i = text.indexOf(form);
        return text.substring(Math.max(0, i - 120), Math.min(text.length(), i + form.length() + 40))
                .replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
