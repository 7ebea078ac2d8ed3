package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.engine.port.MailboxAccess.Login;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.SourceMailbox;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A connection test that a migration follows ({@code mailferry migrate}) leaves its logged-in session for the pass
 * (ImapSessionShelf): against GreenMail, the pass's mailbox works on the test's session — shown by changing the
 * password on the server in between, which a new login would meet — and only a login of the same settings, side, user
 * and password gets it, within its time.
 */
class ImapSessionShelfTest {
    private static final AtomicInteger USERS = new AtomicInteger();

    private final GreenMail server = GreenMailFixtures.server();

    private record Account(String user, String password, ImapSettings settings) {
    }

    private Account account() {
        String user = "shelf" + USERS.incrementAndGet();
        server.setUser(user + "@example.com", user, "pw-" + user);
        return new Account(user, "pw-" + user, new ImapSettings("127.0.0.1", server.getImap().getPort(),
                ImapSecurity.NONE, ImapAuthMode.PASSWORD, user, null, null));
    }

    private static ConnectionRequest request(Account a, ConnectionRole role) {
        return new ConnectionRequest("t", role, ConnectionKind.IMAP, a.settings(), null, null, Secret.of(a.password()));
    }

    private static ImapConnectionConfig source(Account a) {
        return new ImapConnectionConfig(a.settings(), ConnectionRole.SOURCE);
    }

    /** A source session logged in as {@code a}. */
    private static ImapSession login(Account a) throws MailboxException {
        return ImapSession.open(source(a), a.user(), a.password());
    }

    /** Parks {@code session}, logged in as {@code a}, with nothing to prepare. */
    private static void parkReady(ImapSessionShelf shelf, Account a, ImapSession session) {
        shelf.park(session, a.user(), a.password(), s -> { });
    }

    /** Waits up to 10 s for the shelf's thread to log {@code session} out. */
    private static void awaitLoggedOut(ImapSession session) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!session.closed() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
    }

    private void changePassword(Account a) throws Exception {
        server.getUserManager().getUser(a.user()).setPassword("changed-" + a.password());
    }

    @Test
    void aPassShouldWorkOnTheSessionItsConnectionTestLoggedIn() throws Exception {
        Account a = account();
        assertThat(ImapConnectionProbe.handingOver().test(request(a, ConnectionRole.SOURCE)).ok()).isTrue();
        changePassword(a); // a new login with the old password is refused from now on
        ImapMailboxAccess access = new ImapMailboxAccess(a.settings(), Secret.of(a.password()), ConnectionRole.SOURCE);

        try (SourceMailbox source = access.openSource(new Login(a.user(), null, null))) {
            assertThat(source.folders()).extracting(f -> f.displayPath()).contains("INBOX");
        }
        assertThatThrownBy(() -> access.openSource(new Login(a.user(), null, null)))
                .as("the parked session was taken once; the next open logs in, with the old password")
                .isInstanceOf(MailboxException.class);
    }

    @Test
    void theHandedOverSessionShouldHaveReadTheNamespaceAndCaseSensitivity() throws Exception {
        Account a = account();
        // a folder whose name the probe can flip: "wORK" is found, so GreenMail does not tell case apart
        server.getManagers().getImapHostManager().createMailbox(server.getUserManager().getUser(a.user()), "Work");
        assertThat(ImapConnectionProbe.handingOver().test(request(a, ConnectionRole.TARGET)).ok()).isTrue();

        ImapSession taken = ImapSessionShelf.shared().take(new ImapConnectionConfig(a.settings(),
                ConnectionRole.TARGET), a.user(), a.password());

        assertThat(taken).isNotNull();
        try (taken) {
            assertThat(taken.facts().prefix).as("NAMESPACE read during the test").isNotNull();
            assertThat(taken.facts().caseSensitive).as("GreenMail does not tell case apart").isFalse();
        }
    }

    @Test
    void onlyTheSameSettingsSideUserAndPasswordShouldTakeIt() throws Exception {
        Account a = account();
        assertThat(ImapConnectionProbe.handingOver().test(request(a, ConnectionRole.SOURCE)).ok()).isTrue();
        ImapSessionShelf shelf = ImapSessionShelf.shared();
        ImapConnectionConfig source = new ImapConnectionConfig(a.settings(), ConnectionRole.SOURCE);

        assertThat(shelf.take(source, a.user(), "another password")).isNull();
        assertThat(shelf.take(new ImapConnectionConfig(a.settings(), ConnectionRole.TARGET), a.user(), a.password()))
                .isNull();
        assertThat(shelf.take(new ImapConnectionConfig(new ImapSettings("localhost", a.settings().port(),
                ImapSecurity.NONE, ImapAuthMode.PASSWORD, a.user(), null, null), ConnectionRole.SOURCE), a.user(),
                a.password())).as("another host name").isNull();
        assertThat(shelf.take(source, "someone-else", a.password())).isNull();
        ImapSession taken = shelf.take(source, a.user(), a.password());
        assertThat(taken).isNotNull();
        taken.close();
        assertThat(shelf.take(source, a.user(), a.password())).as("taken once").isNull();
    }

    @Test
    void aCsvRunsTestOfTheFirstPairShouldGoToThatPairsLogin() {
        Account a = account();
        ImapSettings connection = new ImapSettings("127.0.0.1", a.settings().port(), ImapSecurity.NONE,
                ImapAuthMode.PASSWORD, "the-connections-user", null, null);
        assertThat(ImapConnectionProbe.handingOver().test(request(a, ConnectionRole.SOURCE)).ok()).isTrue();

        ImapSession taken = ImapSessionShelf.shared().take(new ImapConnectionConfig(connection, ConnectionRole.SOURCE),
                a.user(), a.password());

        assertThat(taken).as("the pair logs in as its own user on the job's connection").isNotNull();
        taken.close();
    }

    @Test
    void thePanelsConnectionTestShouldLogOutInsteadOfParking() {
        Account a = account();
        assertThat(new ImapConnectionProbe().test(request(a, ConnectionRole.SOURCE)).ok()).isTrue();

        assertThat(ImapSessionShelf.shared().take(new ImapConnectionConfig(a.settings(), ConnectionRole.SOURCE),
                a.user(), a.password())).isNull();
    }

    @Test
    void aSessionParkedTooLongShouldBeLoggedOutNotTaken() throws Exception {
        Account a = account();
        AtomicLong now = new AtomicLong(1_000);
        ImapSessionShelf shelf = new ImapSessionShelf(60_000, now::get);
        ImapConnectionConfig config = source(a);
        ImapSession session = login(a);
        parkReady(shelf, a, session);

        now.addAndGet(60_001);

        assertThat(shelf.take(config, a.user(), a.password())).isNull();
        assertThat(shelf.size()).isZero();
        awaitLoggedOut(session);
        assertThat(session.closed()).as("logged out").isTrue();
    }

    @Test
    void aSessionNobodyTakesShouldBeLoggedOutWhenItsTimeIsUp() throws Exception {
        Account a = account();
        ImapSessionShelf shelf = new ImapSessionShelf(500, System::currentTimeMillis);
        ImapSession session = login(a);
        parkReady(shelf, a, session);
        assertThat(shelf.size()).isEqualTo(1);

        awaitLoggedOut(session);

        assertThat(session.closed()).as("logged out").isTrue();
        assertThat(shelf.size()).isZero();
    }

    @Test
    void aSessionWhosePreparationFailedShouldNotBeHandedOver() throws Exception {
        Account a = account();
        ImapSessionShelf shelf = new ImapSessionShelf(60_000, System::currentTimeMillis);
        ImapConnectionConfig config = source(a);
        ImapSession session = login(a);
        shelf.park(session, a.user(), a.password(), s -> {
            throw new MailboxException(MailboxException.Kind.FATAL, "refused");
        });

        assertThat(shelf.take(config, a.user(), a.password())).isNull();
        assertThat(session.closed()).as("logged out by the take that found it unprepared").isTrue();
    }

    @Test
    void aSecondParkingForTheSameLoginShouldLogTheFirstOut() throws Exception {
        Account a = account();
        ImapSessionShelf shelf = new ImapSessionShelf(60_000, System::currentTimeMillis);
        ImapConnectionConfig config = source(a);
        ImapSession first = login(a);
        ImapSession second = login(a);
        parkReady(shelf, a, first);
        parkReady(shelf, a, second);

        assertThat(shelf.size()).isEqualTo(1);
        assertThat(shelf.take(config, a.user(), a.password())).isSameAs(second);
        awaitLoggedOut(first);
        assertThat(first.closed()).as("the first session was logged out").isTrue();
        assertThat(second.closed()).isFalse();
        second.close();
    }
}
