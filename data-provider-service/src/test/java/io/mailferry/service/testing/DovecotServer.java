package io.mailferry.service.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A private Dovecot for integration tests: its own config, base/state dirs, log and maildirs in a temp directory,
 * loopback-only listeners on free ports (143-style with STARTTLS, and imaps), a self-signed certificate for
 * 127.0.0.1/localhost, passwd-file users with {PLAIN} passwords, a master user ({@code user*admin}), and the
 * special-use folders Sent, Drafts, Trash, Junk, Archive created automatically. Hierarchy separator '/', maildir
 * LAYOUT=fs, so names may contain '.'.
 *
 * <pre>{@code
 * DovecotServer dovecot = DovecotServer.shared();          // one per JVM, stopped at exit
 * String user = dovecot.newUser();                          // fresh empty mailbox, password dovecot.password(user)
 * int port = dovecot.imapPort();   int tls = dovecot.imapsPort();   String pem = dovecot.certificatePem();
 * // master user: login "<user>*" + DovecotServer.MASTER_USER with DovecotServer.MASTER_PASSWORD
 * }</pre>
 * Startup takes well under a second. {@link #available()} says whether Dovecot is installed at all.
 *
 * <p>{@link #startWithOAuth} starts one that also accepts {@code AUTHENTICATE XOAUTH2} / {@code OAUTHBEARER}, checking
 * each token at an HTTP introspection endpoint (TOOLCHAIN.md "OAuth in tests"); passwords keep working for seeding.
 */
public final class DovecotServer implements AutoCloseable {
    public static final String BINARY = "/usr/sbin/dovecot";
    public static final String MASTER_USER = "admin";
    public static final String MASTER_PASSWORD = "master-secret";
    public static final String HOST = "127.0.0.1";

    /** Users written before start: Dovecot re-reads a changed passwd file at most once a second. */
    private static final int USER_POOL = 500;
    private static final String POOL_PREFIX = "user";

    private final AtomicInteger nextPoolUser = new AtomicInteger();
    private static DovecotServer shared;

    private final Path dir;
    private Process process;
    private final int imapPort;
    private final int imapsPort;
    private final String certificatePem;
    private final Map<String, String> users = new LinkedHashMap<>();
    /** The replicator's TCP port, or 0 (see {@link #startWithDoveadm()}). */
    private int doveadmPort;
    /** The mtime, in epoch seconds, given to the last version of the passwd file (see {@link #addUsers}). */
    private long usersStamp;

    private DovecotServer(Path dir, Process process, int imapPort, int imapsPort, String certificatePem) {
        this.dir = dir;
        this.process = process;
        this.imapPort = imapPort;
        this.imapsPort = imapsPort;
        this.certificatePem = certificatePem;
    }

    public static boolean available() {
        return Files.isExecutable(Path.of(BINARY));
    }

    /** The JVM-wide instance, started on first use and stopped when the JVM exits. */
    public static synchronized DovecotServer shared() {
        if (shared == null) {
            try {
                shared = start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            DovecotServer s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "dovecot-stop"));
        }
        return shared;
    }

    public static DovecotServer start() throws IOException {
        return start(null, DEFAULT_FOLDERS);
    }

    /** The special-use folders every mailbox gets, by name (in order) with their RFC 6154 attribute. */
    private static final Map<String, String> DEFAULT_FOLDERS = orderedPairs("Sent", "\\Sent", "Drafts", "\\Drafts",
            "Trash", "\\Trash", "Junk", "\\Junk", "Archive", "\\Archive");

    /**
     * A Dovecot that also logs users in with OAuth tokens: every XOAUTH2/OAUTHBEARER token is POSTed as
     * {@code token=...} to {@code introspectionUrl} (plain HTTP on loopback), whose JSON answer must say
     * {@code "active":true} and carry a {@code "username"}. App-only tokens (Exchange Online) name no mailbox, so only
     * the domain part of that username is compared with the login's ({@code username_format = %Ld}): a token the
     * endpoint calls active opens any mailbox, as an app with FullAccess would. Stop it with {@link #close()}.
     */
    public static DovecotServer startWithOAuth(String introspectionUrl) throws IOException {
        return start(introspectionUrl, DEFAULT_FOLDERS);
    }

    /**
     * As {@link #startWithOAuth(String)}, with these special-use folders in every mailbox instead of Sent, Drafts,
     * Trash, Junk and Archive: name (in order) → RFC 6154 attribute, e.g. Exchange Online's ({@link
     * ExchangeFolderNames}).
     */
    public static DovecotServer startWithOAuth(String introspectionUrl, Map<String, String> specialFolders)
            throws IOException {
        return start(introspectionUrl, specialFolders);
    }

    /** A Dovecot with these special-use folders (name in order → RFC 6154 attribute) in every mailbox. */
    public static DovecotServer start(Map<String, String> specialFolders) throws IOException {
        return start(null, specialFolders);
    }

    /**
     * As {@link #startWithOAuth(String, Map)} (no OAuth when {@code introspectionUrl} is null), storing mail as
     * sdbox, which keeps any number of keywords per folder (maildir only 26).
     */
    public static DovecotServer startDbox(String introspectionUrl, Map<String, String> specialFolders)
            throws IOException {
        return start(introspectionUrl, specialFolders, true);
    }

    /** Name → attribute pairs, in order, for {@link #start(Map)} and {@link #startWithOAuth(String, Map)}. */
    public static Map<String, String> orderedPairs(String... nameThenAttribute) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenAttribute.length; i += 2) {
            m.put(nameThenAttribute[i], nameThenAttribute[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private static DovecotServer start(String introspectionUrl, Map<String, String> specialFolders)
            throws IOException {
        return start(introspectionUrl, specialFolders, false);
    }

    /**
     * A Dovecot that also runs its own replicator's server side ({@code doveadm} over TCP, password {@link
     * #DOVEADM_PASSWORD}), so that another private Dovecot's {@code doveadm backup} can copy mailboxes into it: the
     * benchmark's dsync peer ({@link #backupCommand}).
     */
    public static DovecotServer startWithDoveadm() throws IOException {
        return start(null, DEFAULT_FOLDERS, false, true);
    }

    private static DovecotServer start(String introspectionUrl, Map<String, String> specialFolders, boolean dbox)
            throws IOException {
        return start(introspectionUrl, specialFolders, dbox, false);
    }

    private static DovecotServer start(String introspectionUrl, Map<String, String> specialFolders, boolean dbox,
            boolean doveadm) throws IOException {
        Path dir = Files.createTempDirectory("mf-dovecot-");
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (String sub : new String[] {"base", "state", "mail"}) {
                Files.createDirectories(dir.resolve(sub));
            }
            Runas runas = Runas.detect();
            runas.own(dir.resolve("mail"));
            makeCertificate(dir);
            StringBuilder pool = new StringBuilder();
            for (int i = 1; i <= USER_POOL; i++) {
                pool.append(POOL_PREFIX).append(i).append(":{PLAIN}pw-").append(POOL_PREFIX).append(i)
                        .append("::::::\n");
            }
            Files.writeString(dir.resolve("users"), pool.toString());
            Files.writeString(dir.resolve("masters"), MASTER_USER + ":{PLAIN}" + MASTER_PASSWORD + "::::::\n");
            int[] ports = freePorts(3); // distinct: two sockets closed one after the other may get the same port
            int imap = ports[0];
            int imaps = ports[1];
            if (introspectionUrl != null) {
                Files.writeString(dir.resolve("oauth2.conf"), String.join("\n",
                        "introspection_mode = post",
                        "introspection_url = " + introspectionUrl,
                        "force_introspection = yes",
                        "active_attribute = active",
                        "active_value = true",
                        "username_attribute = username",
                        "username_format = %Ld",
                        ""));
            }
            int doveadmPort = doveadm ? ports[2] : 0;
            String conf = config(dir, runas, imap, imaps, introspectionUrl != null, specialFolders)
                    + doveadmService(doveadmPort);
            if (dbox) {
                conf = conf.replace("mail_location = maildir:" + dir.resolve("mail") + "/%u:LAYOUT=fs",
                        "mail_location = sdbox:" + dir.resolve("mail") + "/%u/dbox");
            }
            Files.writeString(dir.resolve("dovecot.conf"), conf);
            Process process = new ProcessBuilder(BINARY, "-F", "-c", dir.resolve("dovecot.conf").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile())
                    .start();
            DovecotServer server = new DovecotServer(dir, process, imap, imaps,
                    Files.readString(dir.resolve("cert.pem")));
            server.doveadmPort = doveadmPort;
            server.awaitPort(imap);
            server.awaitPort(imaps);
            if (doveadm) {
                server.awaitPort(doveadmPort);
            }
            return server;
        } catch (IOException | RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
    }

    public String host() {
        return HOST;
    }

    /** Plain IMAP port that offers STARTTLS. */
    public int imapPort() {
        return imapPort;
    }

    /** Implicit-TLS port. */
    public int imapsPort() {
        return imapsPort;
    }

    /** The self-signed certificate (CN=localhost, SAN IP:127.0.0.1, DNS:localhost) in PEM. */
    public String certificatePem() {
        return certificatePem;
    }

    /**
     * Adds (or changes) a user and returns once Dovecot logs it in with that password (so a changed password's old
     * value is refused from then on). Dovecot checks the passwd file for changes at most once a second, so this
     * usually takes up to a second; {@link #newUser()} is instant.
     */
    public synchronized void addUser(String name, String password) {
        addUsers(Map.of(name, password));
    }

    /** Adds (or changes) several users with one wait (see {@link #addUser}). */
    public synchronized void addUsers(Map<String, String> passwords) {
        users.putAll(passwords);
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= USER_POOL; i++) {
            sb.append(POOL_PREFIX).append(i).append(":{PLAIN}pw-").append(POOL_PREFIX).append(i).append("::::::\n");
        }
        users.forEach((u, p) -> sb.append(u).append(":{PLAIN}").append(p).append("::::::\n"));
        try {
            Path tmp = dir.resolve("users.tmp");
            Files.writeString(tmp, sb.toString());
            // Dovecot re-reads the file when its mtime (in whole seconds) or size differs from the copy it holds: a
            // rewrite of the same size within the same second would go unseen, so every version gets a later second
            usersStamp = Math.max(System.currentTimeMillis() / 1000, usersStamp + 1);
            Files.setLastModifiedTime(tmp, FileTime.from(usersStamp, TimeUnit.SECONDS));
            Files.move(tmp, dir.resolve("users"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Await.until(() -> "Dovecot logs in " + passwords.keySet() + " with the new passwords:\n" + log(),
                    Duration.ofSeconds(30),
                    () -> allLogIn(passwords));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Dovecot to read its users", e);
        }
    }

    private boolean allLogIn(Map<String, String> passwords) throws IOException {
        for (Map.Entry<String, String> e : passwords.entrySet()) {
            if (!loginAccepted(e.getKey(), e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** A plain IMAP LOGIN on loopback: true if Dovecot accepts {@code password} for {@code user} now. */
    private boolean loginAccepted(String user, String password) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, imapPort), 5_000);
            s.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            Writer out = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8);
            in.readLine(); // greeting
            out.write("a LOGIN " + quoted(user) + " " + quoted(password) + "\r\n");
            out.flush();
            String line;
            while ((line = in.readLine()) != null && !line.startsWith("a ")) {
                // untagged lines before the answer
            }
            boolean ok = line != null && line.startsWith("a OK");
            if (ok) {
                out.write("b LOGOUT\r\n");
                out.flush();
            }
            return ok;
        }
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A new user with an empty mailbox (plus the auto-created special-use folders); see {@link #password}. */
    public String newUser() {
        int n = nextPoolUser.incrementAndGet();
        if (n > USER_POOL) {
            String name = "extra" + n;
            addUser(name, "pw-" + name);
            return name;
        }
        return POOL_PREFIX + n;
    }

    public synchronized String password(String user) {
        return users.getOrDefault(user, "pw-" + user);
    }

    /** The login name that opens {@code user}'s mailbox with the master password. */
    public static String masterLogin(String user) {
        return user + "*" + MASTER_USER;
    }

    /**
     * The directory of {@code user}'s INBOX maildir (LAYOUT=fs: subfolders are subdirectories), for tests that must put
     * a message there that no IMAP client could append (e.g. a zero-byte file). It exists once the user has logged in.
     */
    public Path maildir(String user) {
        return dir.resolve("mail").resolve(user);
    }

    /**
     * Removes every mailbox's cache file ({@code dovecot.index.cache}: the header fields and other data Dovecot kept of
     * messages clients read), as on a server no client has listed: Dovecot starts new ones. Only between sessions.
     */
    public void dropCaches() throws IOException {
        Path mail = dir.resolve("mail");
        if (!Files.isDirectory(mail)) {
            return;
        }
        try (var files = Files.walk(mail)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.getFileName().toString().equals("dovecot.index.cache"))
                    ::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Dovecot's log so far (for failure messages). */
    public String log() {
        try {
            Path log = dir.resolve("dovecot.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Dovecot's master process (its children: the login, auth and imap processes), e.g. for their CPU time. */
    public synchronized ProcessHandle master() {
        return process.toHandle();
    }

    /**
     * Kills Dovecot and every process it started with SIGKILL, as a crashed server: open connections are reset, the
     * listeners are gone (a connection is refused) until {@link #restart()}.
     */
    public synchronized void kill9() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            p.onExit().join();
        }
    }

    /** Starts a killed Dovecot again with the same configuration, ports, users and mail, from an empty base_dir. */
    public synchronized void restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException("Dovecot still runs");
        }
        deleteTree(dir.resolve("base")); // a stale anvil socket would make every first login wait
        Files.createDirectories(dir.resolve("base"));
        process = new ProcessBuilder(BINARY, "-F", "-c", dir.resolve("dovecot.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()))
                .start();
        awaitPort(imapPort);
        awaitPort(imapsPort);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(dir);
    }

    private void awaitPort(int port) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("dovecot exited with " + process.exitValue() + ": " + startupOutput());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(HOST, port), 200);
                return;
            } catch (IOException notYet) {
                sleep(20);
            }
        }
        close();
        throw new IOException("dovecot did not listen on " + port + " within 15 s: " + startupOutput());
    }

    private String startupOutput() {
        try {
            Path out = dir.resolve("stdout.log");
            return (Files.exists(out) ? Files.readString(out) : "") + log();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String config(Path dir, Runas runas, int imap, int imaps, boolean oauth,
            Map<String, String> specialFolders) {
        // with OAuth, the password databases answer password logins only and the oauth2 one token logins only
        String passwords = oauth ? "  mechanisms = plain login\n" : "";
        String oauthPassdb = oauth ? String.join("\n",
                "passdb {",
                "  driver = oauth2",
                "  mechanisms = xoauth2 oauthbearer",
                "  args = " + dir.resolve("oauth2.conf"),
                "}") : "";
        return String.join("\n",
                "base_dir = " + dir.resolve("base"),
                "state_dir = " + dir.resolve("state"),
                "log_path = " + dir.resolve("dovecot.log"),
                "instance_name = mailferry-test-" + dir.getFileName(),
                "protocols = imap",
                "listen = " + HOST,
                "ssl = yes",
                "ssl_cert = <" + dir.resolve("cert.pem"),
                "ssl_key = <" + dir.resolve("key.pem"),
                "disable_plaintext_auth = no",
                "auth_mechanisms = plain login" + (oauth ? " xoauth2 oauthbearer" : ""),
                "auth_failure_delay = 0",
                "auth_master_user_separator = *",
                "default_internal_user = " + runas.internalUser,
                "default_login_user = " + runas.loginUser,
                "first_valid_uid = " + runas.uid,
                "mail_uid = " + runas.mailUser,
                "mail_gid = " + runas.mailGroup,
                "mail_fsync = never",
                "mail_location = maildir:" + dir.resolve("mail") + "/%u:LAYOUT=fs",
                "passdb {",
                "  driver = passwd-file",
                "  args = scheme=PLAIN " + dir.resolve("masters"),
                "  master = yes",
                "  result_success = continue",
                passwords + "}",
                "passdb {",
                "  driver = passwd-file",
                "  args = scheme=PLAIN " + dir.resolve("users"),
                passwords + "}",
                oauthPassdb,
                "userdb {",
                "  driver = static",
                "  args = uid=" + runas.mailUser + " gid=" + runas.mailGroup + " home=" + dir.resolve("mail") + "/%u",
                "}",
                "namespace inbox {",
                "  inbox = yes",
                "  separator = /",
                "  prefix =",
                String.join("\n", specialFolders.entrySet().stream().map(e -> mailbox(e.getKey(), e.getValue()))
                        .toList()),
                "}",
                "service imap-login {",
                "  inet_listener imap {",
                "    address = " + HOST,
                "    port = " + imap,
                "  }",
                "  inet_listener imaps {",
                "    address = " + HOST,
                "    port = " + imaps,
                "    ssl = yes",
                "  }",
                "}",
                "service anvil {",
                "  unix_listener anvil-auth-penalty {",
                "    mode = 0",
                "  }",
                "}",
                "");
    }

    public static final String DOVEADM_PASSWORD = "dsync-secret";

    private static String doveadmService(int port) {
        if (port == 0) {
            return "";
        }
        return String.join("\n",
                "doveadm_password = " + DOVEADM_PASSWORD,
                "service doveadm {",
                "  inet_listener {",
                "    address = " + HOST,
                "    port = " + port,
                "  }",
                "}",
                "");
    }

    /** The replicator's TCP port of a server started by {@link #startWithDoveadm()}. */
    public int doveadmPort() {
        if (doveadmPort == 0) {
            throw new IllegalStateException("this Dovecot was not started with its replicator's port");
        }
        return doveadmPort;
    }

    /**
     * The command that makes {@code user}'s mailbox on the server listening at {@code host:port} (a replicator port, see
     * {@link #startWithDoveadm()}) an exact copy of this server's ({@code doveadm backup}, one-way dsync). Run it with
     * {@link ProcessBuilder}; the user must exist on both servers under the same name.
     */
    public List<String> backupCommand(String user, String host, int port) {
        return List.of("/usr/bin/doveadm", "-c", dir.resolve("dovecot.conf").toString(),
                "-o", "doveadm_password=" + DOVEADM_PASSWORD, "backup", "-u", user, "tcp:" + host + ":" + port);
    }

    private static String mailbox(String name, String specialUse) {
        return "  mailbox \"" + name + "\" {\n    auto = create\n    special_use = " + specialUse + "\n  }";
    }

    private static void makeCertificate(Path dir) throws IOException {
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString())
                .redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("openssl failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating the test certificate", e);
        }
    }

    /** {@code n} different free ports: every socket stays open until all are chosen. */
    private static int[] freePorts(int n) throws IOException {
        List<ServerSocket> open = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST));
                open.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : open) {
                s.close();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }

    /** Which system users Dovecot runs as: the Debian users when we are root, else ourselves. */
    private record Runas(String internalUser, String loginUser, String mailUser, String mailGroup, long uid) {
        static Runas detect() throws IOException {
            String me = System.getProperty("user.name");
            if ("root".equals(me)) {
                return new Runas("dovecot", "dovenull", "mail", "mail", uidOf("mail"));
            }
            String group = run("id", "-gn").trim();
            return new Runas(me, me, me, group, uidOf(me));
        }

        void own(Path path) throws IOException {
            UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal user = lookup.lookupPrincipalByName(mailUser);
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(mailGroup);
            Files.setOwner(path, user);
            Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class).setGroup(group);
        }

        private static long uidOf(String user) throws IOException {
            return Long.parseLong(run("id", "-u", user).trim());
        }

        private static String run(String... cmd) throws IOException {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return out;
        }
    }
}
