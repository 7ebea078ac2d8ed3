package io.mailferry.service.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GraphCredential;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.mailbox.DirectoryMailbox;
import io.mailferry.service.connector.graph.doubles.GraphDouble;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.SourceMailbox;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider end to end: msal4j signs in at the sign-in double, the Graph connector reads the Graph double. */
class GraphAccessProviderTest {
    static final String TENANT = "fabrikam.onmicrosoft.com";
    static final String CLIENT = "0b7e9c4a-2f1d-4c3b-8a5e-6d7f8a9b0c1d";
    static final String SECRET = "Pv3~provider-secret-value";

    @TempDir
    static Path dir;
    static TokenEndpointDouble login;
    static GraphDouble graph;

    @BeforeAll
    static void start() throws Exception {
        login = TokenEndpointDouble.start(dir);
        login.tenant("3e2d1c0b-0000-4000-8000-0000000fab01").alias(TENANT).app(CLIENT).secret(SECRET);
        graph = new GraphDouble();
        graph.addUser("anna@fabrikam.example", "Anna");
        graph.addSharedMailbox("info@fabrikam.example", "Info");
        login.issueForResource("http://127.0.0.1:" + graph.base().getPort(), graph::token);
    }

    @AfterAll
    static void stop() {
        graph.close();
        login.close();
    }

    private static Connection connection(String cloud) {
        return connection(cloud, null);
    }

    private static Connection connection(String cloud, Integer maxRequests) {
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        return new Connection("c-1", "Fabrikam", ConnectionRole.SOURCE, ConnectionKind.MICROSOFT_365, null,
                new GraphSettings(TENANT, CLIENT, cloud, GraphCredential.CLIENT_SECRET, maxRequests), null, true, t, t,
                null);
    }

    /** Three workers on one mailbox never have more Graph requests in flight than the connection allows. */
    @Test
    void theConnectionsRequestCapShouldHoldAcrossTheWorkersOfAMailbox() throws Exception {
        graph.addUser("carl@fabrikam.example", "Carl");
        graph.addUser("dora@fabrikam.example", "Dora");
        graph.latency(40); // gives workers that ignored the cap the chance to overlap
        try {
            assertThat(peak(1, "carl@fabrikam.example", false)).isEqualTo(1);
            assertThat(peak(null, "dora@fabrikam.example", true)).as("the default allows more").isGreaterThan(1)
                    .isLessThanOrEqualTo(4);
        } finally {
            graph.latency(0);
        }
    }

    /**
     * The most requests in flight at once while three workers list the folders of {@code mailbox}, opened once before
     * (opening is done once per mailbox). With {@code holdForTwo}, the workers' requests wait in the double until two
     * are in flight, so a client that allows it shows it by construction, not by luck inside the latency.
     */
    private static int peak(Integer cap, String mailbox, boolean holdForTwo) throws Exception {
        MailboxAccess access = provider().open(connection(null, cap), new Secret(SECRET), ConnectionRole.SOURCE);
        access.openSource(new MailboxAccess.Login(mailbox, null, null)).close();
        if (holdForTwo) {
            graph.holdUntilInFlight(mailbox, 2, java.time.Duration.ofSeconds(20));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            java.util.List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(pool.submit(() -> {
                    try (SourceMailbox m = access.openSource(new MailboxAccess.Login(mailbox, null, null))) {
                        for (int k = 0; k < 3; k++) {
                            m.folders();
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : runs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return graph.maxInFlight(mailbox);
    }

    /** A target connection writes through Graph only when its write path says so; else the Graph side refuses. */
    @Test
    void aTargetShouldBeWrittenThroughGraphOnlyWithTheGraphWritePath() throws Exception {
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        Connection graphWritten = new Connection("c-2", "Fabrikam", ConnectionRole.TARGET,
                ConnectionKind.MICROSOFT_365, null, new GraphSettings(TENANT, CLIENT, null,
                GraphCredential.CLIENT_SECRET, null, io.mailferry.model.connection.GraphWritePath.GRAPH), null, true,
                t, t, null);
        MailboxAccess.Login anna = new MailboxAccess.Login("anna@fabrikam.example", null, null);
        try (var target = provider().open(graphWritten, new Secret(SECRET), ConnectionRole.TARGET).openTarget(anna)) {
            assertThat(target).isInstanceOf(GraphKindsTargetMailbox.class); // mail through GraphTargetMailbox
            assertThat(target.ensureFolder(java.util.List.of("Written")).displayPath()).isEqualTo("Written");
        }
        Connection imapWritten = new Connection("c-3", "Fabrikam", ConnectionRole.TARGET,
                ConnectionKind.MICROSOFT_365, null, new GraphSettings(TENANT, CLIENT), null, true, t, t, null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> provider().open(imapWritten, new Secret(SECRET),
                ConnectionRole.TARGET).openTarget(anna)).hasMessageContaining("set the connection's write path to "
                + "Graph");
    }

    private static GraphAccessProvider provider() {
        return new GraphAccessProvider(s -> GraphCloud.named(s.cloud()) == null ? null : login.cloud(graph.base()),
                login.clientSocketFactory());
    }

    @Test
    void openShouldSignInOnceAndReadTheMailboxThroughGraph() throws Exception {
        int before = login.tokenRequests();
        MailboxAccess access = provider().open(connection(null), new Secret(SECRET), ConnectionRole.SOURCE);

        assertThat(provider().kind()).isEqualTo(ConnectionKind.MICROSOFT_365);
        assertThat(access).isInstanceOf(GraphMailboxAccess.class);
        try (SourceMailbox mailbox = access.openSource(new MailboxAccess.Login("anna@fabrikam.example", null, null))) {
            assertThat(mailbox.folders()).extracting(MailFolder::displayPath).contains("INBOX", "Sent Items");
        }
        assertThat(login.tokenRequests()).as("one sign-in, then the cached token").isEqualTo(before + 1);
    }

    @Test
    void directoryShouldListTheTenantsMailboxes() throws Exception {
        var directory = provider().directory(connection("global"), new Secret(SECRET));

        assertThat(directory).isInstanceOf(GraphDirectory.class);
        assertThat(directory.mailboxes()).extracting(DirectoryMailbox::address)
                .contains("anna@fabrikam.example", "info@fabrikam.example");
    }

    @Test
    void unknownCloudShouldOpenButFailEveryMailboxWithTheReason() {
        MailboxAccess access = provider().open(connection("germany"), new Secret(SECRET), ConnectionRole.TARGET);

        assertThatThrownBy(() -> access.openSource(new MailboxAccess.Login("anna@fabrikam.example", null, null)))
                .isInstanceOfSatisfying(MailboxException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MailboxException.Kind.FATAL);
                    assertThat(e.getMessage()).isEqualTo("Target Microsoft 365 connection names the unknown cloud"
                            + " 'germany' (known: global, us-government, china); correct it in the connection's"
                            + " settings.");
                });
        assertThatThrownBy(() -> provider().directory(connection("germany"), new Secret(SECRET)).mailboxes())
                .isInstanceOf(MailboxException.class).hasMessageContaining("unknown cloud 'germany'");
    }

    @Test
    void anImapConnectionShouldBeRefused() {
        Instant t = Instant.now();
        Connection imap = new Connection("c-2", "IMAP", ConnectionRole.SOURCE, ConnectionKind.IMAP,
                new ImapSettings("imap.example.com", 993, null, null, "u", null, null), null, null, true, t, t, null);

        assertThatThrownBy(() -> provider().open(imap, new Secret("pw"), ConnectionRole.SOURCE))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
