package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GraphCredential;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.DuplicatePolicy;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.job.JobState;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.JobReport;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.service.app.JobRunner;
import io.mailferry.service.bench.DelayProxy;
import io.mailferry.service.connector.graph.TokenEndpointDouble;
import io.mailferry.service.connector.graph.doubles.GraphDouble;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.testing.ApiClient;
import io.mailferry.service.testing.DovecotServer;
import io.mailferry.service.testing.ServiceProcess;
import io.mailferry.service.testing.ServiceProcessMain;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Microsoft 365 mailbox migrated into IMAP through the real service, end to end: the service runs as its own JVM
 * ({@link ServiceProcess}) and is driven through its HTTP API with its token, as an administrator's panel drives it;
 * its source is a Microsoft 365 connection (tenant, client id, client secret) whose sign-in and Graph are local
 * doubles, its target a private Dovecot read back over plain IMAP, independently of Mailferry's code.
 *
 * <p><b>The doubles.</b> {@link TokenEndpointDouble} is the Microsoft identity platform's token endpoint on loopback
 * HTTPS (client-credentials grant as in
 * learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow, AADSTS errors of
 * learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes); msal4j signs in there.
 * {@link GraphDouble} is a stateful Graph following learn.microsoft.com/graph/api/user-list-mailfolders and
 * mailfolder-list-childfolders (hidden folders with includeHiddenFolders), user-list-messages and
 * learn.microsoft.com/graph/paging, message-get, learn.microsoft.com/graph/outlook-get-mime-message ({@code $value}:
 * Exchange's rebuilt MIME, so bytes differ from what was delivered and messages are compared by Message-ID),
 * message-delta with learn.microsoft.com/graph/delta-query-overview (delta links, 410 SyncStateNotFound once expired),
 * learn.microsoft.com/graph/json-batching, learn.microsoft.com/graph/throttling and throttling-limits (429 with
 * Retry-After), learn.microsoft.com/graph/errors.
 *
 * <p><b>How the child service reaches them.</b> {@code GraphAccessProvider} has a test constructor (clouds function +
 * sign-in {@code SSLSocketFactory}) but neither the CLI's {@code serve} nor any product setting can pass one in, and
 * the product gets no test hook for it. The seam is in test code only: {@link ServiceProcess#start(Path, Map)} starts
 * {@link ServiceProcessMain} (the production composition root {@link ServiceMain#start}) with the doubles' addresses
 * and the sign-in double's certificate file as system properties of the child JVM, and that main builds the
 * {@link ServiceConfig} with a {@code GraphAccessProvider} (and {@code GraphConnectionProbe}) pointed at them in
 * {@link ServiceConfig#providers()}. So the crash is a real {@code kill -9} of the service's process, exactly as in
 * {@link ServiceCrashIT} (no in-process "abandoning" was needed): the target sits behind a {@link DelayProxy} whose
 * {@link io.mailferry.service.bench.UpstreamGate} forwards part of the pass's bytes and holds the rest, so each kill
 * lands mid-append on any machine.
 *
 * <p><b>The mailbox.</b> One user, 300 messages in the inbox, a nested user folder, Sent Items, another user folder and
 * a hidden folder; some read, flagged, categorised; two over 1 MB; received dates differ from the Date headers.
 * Checked on Dovecot, per folder and by Message-ID: every message exactly once (nothing lost, nothing twice), none a
 * draft, INTERNALDATE equal to Graph's receivedDateTime, \Seen and \Flagged as read and flagged, categories as
 * keywords. The job uses {@link DuplicatePolicy#CREATE_DUPLICATE}, so only the ledger and its reconciliation stand
 * between a kill and a duplicate.
 *
 * <p>The scenarios run in order on the same job: (1) a full pass killed twice mid-pass, then resumed; (2) a delta
 * after new messages and state changes arrive; (3) a delta after the double expired every delta token; (4) a delta
 * through a burst of 429s, whose waits the report counts ({@code throttledMillis}) and its verdict names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Microsoft365ToImapIT {
    private static final Logger log = LoggerFactory.getLogger(Microsoft365ToImapIT.class);
    private static final String TENANT_ID = "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b";
    private static final String TENANT = "contoso.onmicrosoft.com";
    private static final String CLIENT = "d3b07384-d9a0-4c1f-9e2b-7a1c5e8f0b12";
    private static final String CLIENT_SECRET = "Xq8~it-client-secret-value";
    private static final String SOURCE = "megan.bowen@contoso.example";
    private static final Instant FIRST_RECEIVED = Instant.parse("2023-03-01T08:00:00Z");
    private static final DateTimeFormatter RFC_5322 = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Set<String> SYSTEM_FLAGS = Set.of("\\Seen", "\\Answered", "\\Flagged", "\\Draft",
            "\\Deleted");

    /** A source folder as seeded on the double and the target folder it must land in. */
    private record Place(List<String> source, String target) {
    }

    /** What one message must look like on the target. */
    private record Expected(String messageId, String folder, Instant received, boolean read, boolean flagged,
            Set<String> categories, int size) {
        Expected withState(ItemState s) {
            return new Expected(messageId, folder, received, s.read(), s.flagged(), s.keywords(), size);
        }
    }

    /** A message as Dovecot holds it. */
    private record OnTarget(String folder, String messageId, Set<String> flags, Instant internalDate) {
    }

    private record Ids(String job, String pair) {
    }

    private static final Place INBOX = new Place(List.of("INBOX"), "INBOX");
    private static final Place ALPHA = new Place(List.of("Projects", "Alpha"), "Projects/Alpha");
    private static final Place SENT = new Place(List.of("Sent Items"), "Sent");
    private static final Place ARCHIVE_2019 = new Place(List.of("Archive 2019"), "Archive 2019");
    private static final Place HIDDEN = new Place(List.of("Hidden Notes"), "Hidden Notes");

    final DovecotServer dovecot = DovecotServer.shared();
    final Random random = new Random(365);
    /** By Message-ID, in seeding order. */
    final Map<String, Expected> expected = new LinkedHashMap<>();
    /** Message-ID to the double's message id. */
    final Map<String, String> graphIds = new LinkedHashMap<>();
    Path dir;
    Path dataDir;
    Map<String, String> childProperties;
    TokenEndpointDouble login;
    GraphDouble graph;
    DelayProxy proxy;
    ServiceProcess service;
    String target;
    Ids ids;
    int seeded;
    /** The scenarios build on one another: each runs only when the one before passed. */
    int passed;

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        long t0 = System.nanoTime();
        dir = tempDir;
        dataDir = dir.resolve("data");
        login = TokenEndpointDouble.start(dir.resolve("sign-in"));
        login.tenant(TENANT_ID).alias(TENANT).app(CLIENT).secret(CLIENT_SECRET);
        graph = new GraphDouble();
        graph.pageCap(100); // listings and delta rounds of the bigger folders go through next links
        graph.addUser(SOURCE, "Megan Bowen");
        graph.createFolder(SOURCE, ALPHA.source());
        graph.createFolder(SOURCE, ARCHIVE_2019.source());
        graph.createHiddenFolder(SOURCE, HIDDEN.source());
        login.issueForResource("http://127.0.0.1:" + graph.base().getPort(), graph::token);
        seedCorpus();

        Path certificate = dir.resolve("sign-in-double.pem");
        Files.writeString(certificate, login.certificatePem(), StandardCharsets.US_ASCII);
        childProperties = Map.of(
                ServiceProcessMain.GRAPH_BASE, graph.base().toString(),
                ServiceProcessMain.GRAPH_AUTHORITY, login.authorityBase().toString(),
                ServiceProcessMain.GRAPH_SIGN_IN_CERT, certificate.toString());
        target = dovecot.newUser();
        proxy = new DelayProxy(new InetSocketAddress(dovecot.host(), dovecot.imapPort()), 2);
        service = ServiceProcess.startWithoutResume(dataDir, childProperties);
        ids = createJob();
        log.info("set-up: {} messages on the Graph double, service and job ready in {} ms", seeded, millisSince(t0));
    }

    @AfterAll
    void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (graph != null) {
            graph.close();
        }
        if (login != null) {
            login.close();
        }
    }

    // ---------------------------------------------------------------------------------------------- the scenarios

    @Test
    @Order(1)
    void aFullPassKilledMidPassShouldResumeWithoutLossOrDuplicates() throws Exception {
        long total = totalBytes();
        int first = killMidPass(0.35 * total, true);
        int second = killMidPass(0.5 * (total - bytesOnTarget()), false);

        MailboxReport report = runToEnd("start");

        assertThat(report.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(report.verdict()).startsWith(allOnTarget(300));
        assertThat(first).as("the first kill landed while messages were being copied").isBetween(1, 299);
        assertThat(second).as("the second kill landed after the first's copies").isBetween(first, 299);
        assertTargetHoldsExactlyWhatIsExpected();
        assertThat(pendingRows()).as("PENDING ledger rows after the resumed pass").isZero();
        passed = 1;
    }

    @Test
    @Order(2)
    void aDeltaShouldCopyExactlyTheNewMessagesAndCarryTheStateChanges() throws Exception {
        assumeTrue(passed == 1, "the full pass did not pass");
        List<String> added = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            added.add(seed(INBOX, "delta", ItemState.NONE, 0));
        }
        added.add(seed(ALPHA, "delta", read(), 0));
        added.add(seed(ALPHA, "delta", flagged("ClientA"), 0));
        added.add(seed(HIDDEN, "delta", ItemState.NONE, 0));
        String madeRead = firstWhere(e -> e.folder().equals("INBOX") && !e.read() && !e.flagged());
        String madeFlagged = firstWhere(e -> e.folder().equals("Archive 2019") && !e.flagged()
                && e.categories().isEmpty());
        changeState(madeRead, new ItemState(true, false, false, false, false, false, Set.of()));
        changeState(madeFlagged, new ItemState(expected.get(madeFlagged).read(), true, false, false, false, false,
                Set.of("Urgent")));
        graph.clearRequests();

        MailboxReport report = runToEnd("delta");

        assertThat(report.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(report.itemsCopied()).as("copied by the delta").isEqualTo(added.size());
        assertThat(valueReads()).as("bodies read: the new messages only").isEqualTo(added.size());
        assertThat(graph.count(r -> r.path().endsWith("/messages/delta") && r.query() != null
                && r.query().contains("$deltatoken"))).as("changes read through delta links").isPositive();
        assertThat(report.verdict()).startsWith(allOnTarget(307));
        Map<String, List<OnTarget>> onTarget = assertTargetHoldsExactlyWhatIsExpected();
        assertThat(find(onTarget, madeRead).flags()).as("the message read on the source").contains("\\Seen");
        assertThat(find(onTarget, madeFlagged).flags()).as("the message flagged on the source")
                .contains("\\Flagged", "Urgent");
        passed = 2;
    }

    @Test
    @Order(3)
    void anExpiredDeltaTokenShouldCopyTheOneNewMessageAndNothingTwice() throws Exception {
        assumeTrue(passed == 2, "the first delta did not pass");
        graph.expireDeltaTokens();
        seed(ARCHIVE_2019, "expired", read(), 0);
        graph.clearRequests();

        MailboxReport report = runToEnd("delta");

        assertThat(report.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(graph.count(r -> r.status() == 410)).as("expired delta links refused (410)").isPositive();
        assertThat(report.itemsCopied()).as("copied by the delta after the expiry").isEqualTo(1);
        assertThat(valueReads()).as("bodies read: the new message only").isEqualTo(1);
        assertThat(report.verdict()).startsWith(allOnTarget(308));
        assertTargetHoldsExactlyWhatIsExpected();
        passed = 3;
    }

    @Test
    @Order(4)
    void aBurstOf429sShouldBeWaitedOutAndReported() throws Exception {
        assumeTrue(passed == 3, "the delta after the expiry did not pass");
        for (int i = 0; i < 5; i++) {
            seed(INBOX, "throttled", i % 2 == 0 ? read() : ItemState.NONE, 0);
        }
        graph.clearRequests();
        // three body reads answer 429 Retry-After: 1, and one message read inside the delta's $batch
        graph.throttle(3, 1, path -> path.endsWith("/$value"));
        graph.throttleInBatch(1, 1);

        MailboxReport report = runToEnd("delta");

        assertThat(graph.count(r -> r.status() == 429)).as("429s answered").isEqualTo(4);
        assertThat(report.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(report.itemsCopied()).isEqualTo(5);
        assertThat(report.verdict()).startsWith(allOnTarget(313))
                .contains("Servers throttled the copy for 4 s.");
        assertThat(report.throttledMillis()).as("the throttled time, a field of the report").isEqualTo(4000);
        assertTargetHoldsExactlyWhatIsExpected();
        passed = 4;
    }

    // ---------------------------------------------------------------------------------------------- the kill

    /**
     * Starts a full pass with the target's gate armed to forward {@code budget} more bytes, waits until the gate holds
     * the rest, kills the service with {@code kill -9}, lets the held bytes go on ({@code delivered}: an append the
     * service sent in full completes on Dovecot after its death) or drops them, restarts the service and checks it
     * reports the pair interrupted. Returns how many messages were on the target after the kill.
     */
    private int killMidPass(double budget, boolean delivered) throws Exception {
        proxy.gate().arm((long) budget);
        ApiClient api = service.api();
        assertThat(api.send("POST", "/api/v1/jobs/" + ids.job + "/start", null).status()).isEqualTo(202);
        long deadline = System.nanoTime() + 60_000_000_000L;
        long done = -1;
        while (done < 0) {
            MailboxPair pair = pair();
            if (proxy.gate().awaitHeld(20)) {
                done = pair.progress().itemsDone();
            } else {
                assertThat(pair.state()).as("the pass ended before the proxy held its traffic")
                        .isIn(MailboxState.QUEUED, MailboxState.RUNNING);
                assertThat(System.nanoTime()).as("the proxy held nothing within 60 s:\n%s", service.logTail(4000))
                        .isLessThan(deadline);
            }
        }
        if (delivered) {
            // a batch is one MULTIAPPEND, stored only when its last byte arrives: let the service write what it will
            // before its answer, so the held bytes carry whole commands (a slower machine kills mid-write otherwise)
            assertThat(proxy.awaitClientsQuiet(1_000, 30_000)).as("the service stopped sending within 30 s").isTrue();
        }
        assertThat(service.kill9()).as("exit code of kill -9").isEqualTo(ServiceProcess.KILLED_EXIT);
        if (!delivered) {
            proxy.dropConnections();
        }
        proxy.gate().release();
        assertThat(proxy.awaitNoConnections(30_000)).as("the dead service's connections ended").isTrue();
        int onTarget = targetMessages().values().stream().mapToInt(List::size).sum();
        log.info("full pass killed ({} held bytes): {} items reported done, {} messages on the target, {} PENDING rows",
                delivered ? "delivered" : "dropped", done, onTarget, pendingRows());

        service = ServiceProcess.startWithoutResume(dataDir, childProperties);
        MailboxPair pair = pair();
        assertThat(pair.state()).isEqualTo(MailboxState.STOPPED);
        assertThat(pair.error()).isEqualTo(JobRunner.INTERRUPTED);
        assertThat(service.api().get("/api/v1/jobs/" + ids.job).as(Job.class).state()).isEqualTo(JobState.STOPPED);
        return onTarget;
    }

    private long totalBytes() {
        return expected.values().stream().mapToLong(Expected::size).sum();
    }

    private long bytesOnTarget() throws MessagingException {
        return targetMessages().values().stream().flatMap(List::stream)
                .mapToLong(m -> expected.containsKey(m.messageId()) ? expected.get(m.messageId()).size() : 0).sum();
    }

    // ---------------------------------------------------------------------------------------------- the checks

    /**
     * Per folder and by Message-ID: each expected message once in its folder, nothing else anywhere, none a draft,
     * INTERNALDATE = receivedDateTime, \Seen = read, \Flagged = flagged, keywords = categories.
     */
    private Map<String, List<OnTarget>> assertTargetHoldsExactlyWhatIsExpected() throws MessagingException {
        Map<String, List<OnTarget>> onTarget = targetMessages();
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        onTarget.forEach((folder, messages) -> messages.forEach(m -> counts.computeIfAbsent(folder,
                f -> new TreeMap<>()).merge(m.messageId(), 1, Integer::sum)));
        Map<String, Map<String, Integer>> wanted = new TreeMap<>();
        expected.values().forEach(e -> wanted.computeIfAbsent(e.folder(), f -> new TreeMap<>())
                .put(e.messageId(), 1));
        List<String> lost = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        wanted.forEach((folder, ids) -> ids.keySet().forEach(id -> {
            int n = counts.getOrDefault(folder, Map.of()).getOrDefault(id, 0);
            if (n == 0) {
                lost.add(folder + " " + id);
            } else if (n > 1) {
                duplicated.add(folder + " " + id + " x" + n);
            }
        }));
        counts.forEach((folder, ids) -> ids.keySet().forEach(id -> {
            if (!wanted.getOrDefault(folder, Map.of()).containsKey(id)) {
                unexpected.add(folder + " " + id);
            }
        }));
        Map<String, Integer> perFolder = new TreeMap<>();
        onTarget.forEach((folder, messages) -> {
            if (!messages.isEmpty()) {
                perFolder.put(folder, messages.size());
            }
        });
        Map<String, Integer> wantedPerFolder = new TreeMap<>();
        wanted.forEach((folder, ids) -> wantedPerFolder.put(folder, ids.size()));
        assertThat(lost).as("lost (folder, Message-ID)").isEmpty();
        assertThat(duplicated).as("duplicated (folder, Message-ID)").isEmpty();
        assertThat(unexpected).as("on the target but not expected there").isEmpty();
        assertThat(perFolder).as("messages per target folder").isEqualTo(wantedPerFolder);

        List<String> wrong = new ArrayList<>();
        onTarget.values().stream().flatMap(List::stream).forEach(m -> {
            Expected e = expected.get(m.messageId());
            Set<String> keywords = new TreeSet<>(m.flags());
            keywords.removeAll(SYSTEM_FLAGS);
            if (m.flags().contains("\\Draft")) {
                wrong.add(m.messageId() + " is a draft");
            }
            if (!m.internalDate().equals(e.received())) {
                wrong.add(m.messageId() + " INTERNALDATE " + m.internalDate() + ", received " + e.received());
            }
            if (m.flags().contains("\\Seen") != e.read() || m.flags().contains("\\Flagged") != e.flagged()) {
                wrong.add(m.messageId() + " flags " + m.flags() + ", read " + e.read() + ", flagged " + e.flagged());
            }
            if (!keywords.equals(new TreeSet<>(e.categories()))) {
                wrong.add(m.messageId() + " keywords " + keywords + ", categories " + e.categories());
            }
        });
        assertThat(wrong).as("messages whose state or date differs from the source's").isEmpty();
        return onTarget;
    }

    private static OnTarget find(Map<String, List<OnTarget>> onTarget, String messageId) {
        return onTarget.values().stream().flatMap(List::stream).filter(m -> m.messageId().equals(messageId))
                .findFirst().orElseThrow();
    }

    /** Every message of every selectable target folder: Message-ID (envelope), FLAGS and INTERNALDATE. */
    private Map<String, List<OnTarget>> targetMessages() throws MessagingException {
        Map<String, List<OnTarget>> out = new TreeMap<>();
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect(dovecot.host(), dovecot.imapPort(), target, dovecot.password(target));
        try (store) {
            for (Folder f : store.getDefaultFolder().list("*")) {
                if ((f.getType() & Folder.HOLDS_MESSAGES) == 0) {
                    continue;
                }
                f.open(Folder.READ_ONLY);
                try {
                    Message[] messages = f.getMessages();
                    FetchProfile profile = new FetchProfile();
                    profile.add(FetchProfile.Item.ENVELOPE); // ENVELOPE, INTERNALDATE, RFC822.SIZE
                    profile.add(FetchProfile.Item.FLAGS);
                    f.fetch(messages, profile);
                    List<OnTarget> list = new ArrayList<>();
                    for (Message m : messages) {
                        list.add(new OnTarget(f.getFullName(), ((IMAPMessage) m).getMessageID(), names(m.getFlags()),
                                m.getReceivedDate().toInstant()));
                    }
                    out.put(f.getFullName(), list);
                } finally {
                    f.close(false);
                }
            }
        }
        return out;
    }

    private static Set<String> names(Flags flags) {
        Set<String> out = new TreeSet<>();
        for (Flags.Flag f : flags.getSystemFlags()) {
            if (f == Flags.Flag.SEEN) {
                out.add("\\Seen");
            } else if (f == Flags.Flag.ANSWERED) {
                out.add("\\Answered");
            } else if (f == Flags.Flag.FLAGGED) {
                out.add("\\Flagged");
            } else if (f == Flags.Flag.DRAFT) {
                out.add("\\Draft");
            } else if (f == Flags.Flag.DELETED) {
                out.add("\\Deleted");
            }
        }
        out.addAll(List.of(flags.getUserFlags()));
        return out;
    }

    private int pendingRows() throws Exception {
        try (java.sql.Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("mailferry.db"));
                ResultSet rs = db.createStatement().executeQuery(
                        "SELECT count(*) FROM ledger_entry WHERE state = 'PENDING'")) {
            return rs.getInt(1);
        }
    }

    private long valueReads() {
        return graph.count(r -> r.path().endsWith("/$value") && r.status() == 200);
    }

    // ---------------------------------------------------------------------------------------------- the source

    /** 300 messages: 140 in the inbox, 60 in Projects/Alpha, 50 in Sent Items, 40 in Archive 2019, 10 hidden. */
    private void seedCorpus() {
        Map<Place, Integer> layout = new LinkedHashMap<>();
        layout.put(INBOX, 140);
        layout.put(ALPHA, 60);
        layout.put(SENT, 50);
        layout.put(ARCHIVE_2019, 40);
        layout.put(HIDDEN, 10);
        int n = 0;
        for (Map.Entry<Place, Integer> e : layout.entrySet()) {
            for (int i = 0; i < e.getValue(); i++, n++) {
                Set<String> categories = n % 11 == 0 ? Set.of("ClientA", "Urgent") : n % 5 == 0 ? Set.of("ClientA")
                        : Set.of();
                ItemState state = new ItemState(n % 3 != 0, n % 7 == 0, false, false, false, false, categories);
                // two over 1 MB (spooled by the engine), early in the inbox and in the middle of Projects/Alpha
                int big = n == 3 ? 1_200_000 : n == 170 ? 1_500_000 : 0;
                seed(e.getKey(), "m", state, big);
            }
        }
    }

    /** Delivers one message on the double and records what the target must hold; returns its Message-ID. */
    private String seed(Place place, String tag, ItemState state, int bodyBytes) {
        int n = seeded++;
        String messageId = "<" + tag + "-" + n + "." + Long.toHexString(random.nextLong()) + "@contoso.example>";
        Instant received = FIRST_RECEIVED.plusSeconds(3_607L * n);
        byte[] raw = message(messageId, place, n, received.minusSeconds(95), bodyBytes);
        String id = graph.seed(SOURCE, place.source(), raw, state, received);
        int size = graph.messages(SOURCE, place.source()).stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow().value().length;
        expected.put(messageId, new Expected(messageId, place.target(), received, state.read(), state.flagged(),
                state.keywords(), size));
        graphIds.put(messageId, id);
        return messageId;
    }

    private byte[] message(String messageId, Place place, int n, Instant date, int bodyBytes) {
        StringBuilder sb = new StringBuilder(bodyBytes + 2048);
        sb.append("From: Sender ").append(n % 17).append(" <sender").append(n % 17).append("@fabrikam.example>\r\n")
                .append("To: Megan Bowen <").append(SOURCE).append(">\r\n")
                .append("Subject: ").append(String.join("/", place.source())).append(" message ").append(n)
                .append("\r\n")
                .append("Date: ").append(RFC_5322.format(date)).append("\r\n")
                .append("Message-ID: ").append(messageId).append("\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: text/plain; charset=utf-8\r\n")
                .append("Content-Transfer-Encoding: 8bit\r\n\r\n");
        int length = bodyBytes > 0 ? bodyBytes : 600 + random.nextInt(2400);
        String alphabet = "abcdefghijklmnopqrstuvwxyz äöü ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 .,;";
        int line = 0;
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            if (++line == 76) {
                sb.append("\r\n");
                line = 0;
            }
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private void changeState(String messageId, ItemState state) {
        graph.setState(SOURCE, graphIds.get(messageId), state);
        expected.put(messageId, expected.get(messageId).withState(state));
    }

    private String firstWhere(java.util.function.Predicate<Expected> which) {
        return expected.values().stream().filter(which).findFirst().orElseThrow().messageId();
    }

    private static ItemState read() {
        return new ItemState(true, false, false, false, false, false, Set.of());
    }

    private static ItemState flagged(String category) {
        return new ItemState(false, true, false, false, false, false, new LinkedHashSet<>(List.of(category)));
    }

    // ---------------------------------------------------------------------------------------------- the API

    private Ids createJob() {
        ApiClient api = service.api();
        Connection source = api.send("POST", "/api/v1/connections", new ConnectionRequest("Contoso (Microsoft 365)",
                ConnectionRole.SOURCE, ConnectionKind.MICROSOFT_365, null,
                new GraphSettings(TENANT, CLIENT, "global", GraphCredential.CLIENT_SECRET), null,
                new Secret(CLIENT_SECRET))).as(Connection.class);
        ImapSettings behindTheProxy = new ImapSettings(dovecot.host(), proxy.port(), ImapSecurity.NONE,
                ImapAuthMode.PASSWORD, target, null, null);
        Connection imap = api.send("POST", "/api/v1/connections", new ConnectionRequest("Dovecot",
                ConnectionRole.TARGET, ConnectionKind.IMAP, behindTheProxy, null, null,
                new Secret(dovecot.password(target)))).as(Connection.class);
        Job job = api.send("POST", "/api/v1/jobs", new JobRequest("Contoso to Dovecot", source.id(), imap.id(),
                new JobOptions(null, null, null, null, null, DuplicatePolicy.CREATE_DUPLICATE, null, null, null, null),
                List.of(MailboxPairRequest.of(SOURCE, target)))).as(Job.class);
        MailboxPair pair = api.get("/api/v1/jobs/" + job.id() + "/pairs").as(MailboxPair[].class)[0];
        return new Ids(job.id(), pair.id());
    }

    private MailboxPair pair() {
        return service.api().get("/api/v1/jobs/" + ids.job + "/pairs/" + ids.pair).as(MailboxPair.class);
    }

    private MailboxReport runToEnd(String command) throws InterruptedException {
        ApiClient api = service.api();
        long passStart = System.nanoTime();
        assertThat(api.send("POST", "/api/v1/jobs/" + ids.job + "/" + command, null).status()).isEqualTo(202);
        long deadline = passStart + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            Job job = api.get("/api/v1/jobs/" + ids.job).as(Job.class);
            if (!List.of(JobState.NEW, JobState.QUEUED, JobState.RUNNING, JobState.STOPPING).contains(job.state())) {
                MailboxReport report = api.get("/api/v1/jobs/" + ids.job + "/report").as(JobReport.class)
                        .mailboxes().get(0);
                log.info("{} pass to the end: {} ms, {} items copied; {}", command, millisSince(passStart),
                        report.itemsCopied(), report.verdict());
                assertThat(job.state()).as("%s; %s", job.verdict(), report.error()).isEqualTo(JobState.COMPLETED);
                return report;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the " + command + " pass did not end within 60 s:\n" + service.logTail(4000));
    }

    private static String allOnTarget(int total) {
        return String.format(Locale.ROOT, "All %,d source items are on the target.", total);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000L;
    }
}
