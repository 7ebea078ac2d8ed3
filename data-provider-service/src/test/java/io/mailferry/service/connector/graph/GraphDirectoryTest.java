package io.mailferry.service.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.mailbox.DirectoryMailbox;
import io.mailferry.service.connector.graph.doubles.GraphDouble;
import io.mailferry.service.engine.port.MailboxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tenant's mailboxes through the Graph double: paging, shared mailboxes, permissions and throttling. */
class GraphDirectoryTest {
    private GraphDouble graph;
    private final List<Duration> waits = new ArrayList<>();

    @BeforeEach
    void start() {
        graph = new GraphDouble();
    }

    @AfterEach
    void stop() {
        graph.close();
    }

    private GraphDirectory directory() {
        return new GraphDirectory(graph.cloud(), (scope, force) -> graph.token(), waits::add);
    }

    private void tenant(int users) {
        for (int i = 0; i < users; i++) {
            graph.addUser("user" + i + "@contoso.example", "User " + i);
        }
        graph.addSharedMailbox("sales@contoso.example", "Sales");
        graph.addUserWithoutMail("printer@contoso.onmicrosoft.com", "Printer account");
        graph.addSharedMailbox("support@contoso.example", "Support");
    }

    @Test
    void mailboxesShouldListEveryUserWithAMailAddressAndTellSharedOnes() throws Exception {
        tenant(25);
        graph.pageCap(7);

        List<DirectoryMailbox> mailboxes = directory().mailboxes();

        assertThat(mailboxes).hasSize(27);
        assertThat(mailboxes).extracting(DirectoryMailbox::address).doesNotContain("printer@contoso.onmicrosoft.com")
                .contains("user0@contoso.example", "user24@contoso.example");
        assertThat(mailboxes).filteredOn(m -> m.kind().equals("shared")).extracting(DirectoryMailbox::address)
                .containsExactlyInAnyOrder("sales@contoso.example", "support@contoso.example");
        assertThat(mailboxes).filteredOn(m -> m.address().equals("sales@contoso.example"))
                .extracting(DirectoryMailbox::displayName).containsExactly("Sales");
        assertThat(graph.count(r -> r.path().equals("/users"))).as("28 users in pages of 7").isEqualTo(4);
        assertThat(graph.count(r -> r.path().equals("/$batch"))).as("27 settings, 20 per batch").isEqualTo(2);
        assertThat(graph.requests()).allMatch(GraphDouble.Seen::immutableId);
    }

    @Test
    void aDirectoryTheAppMayNotReadShouldFailNamingUserReadAll() {
        tenant(2);
        graph.deny(GraphDouble.USER_READ_ALL);

        assertThatThrownBy(() -> directory().mailboxes()).isInstanceOfSatisfying(MailboxException.class, e -> {
            assertThat(e.kind()).isEqualTo(MailboxException.Kind.FATAL);
            assertThat(e.getMessage()).isEqualTo("Microsoft 365 directory was denied listing the tenant's users "
                    + "(Authorization_RequestDenied: Insufficient privileges to complete the operation.): the app "
                    + "needs the application permission User.Read.All, which an admin must grant with admin consent.");
            assertThat(e.getMessage()).doesNotContain(graph.token());
        });
    }

    @Test
    void withoutMailboxSettingsEveryMailboxShouldBeAUser() throws Exception {
        tenant(3);
        graph.deny(GraphDouble.MAILBOX_SETTINGS_READ);

        List<DirectoryMailbox> mailboxes = directory().mailboxes();

        assertThat(mailboxes).hasSize(5).allMatch(m -> m.kind().equals("user"));
    }

    @Test
    void throttlingShouldBeWaitedOutAlsoInsideBatches() throws Exception {
        tenant(4);
        graph.pageCap(2);
        graph.throttle(2, 3, p -> p.equals("/users"));
        graph.throttleInBatch(2, 9);

        List<DirectoryMailbox> mailboxes = directory().mailboxes();

        assertThat(mailboxes).hasSize(6);
        assertThat(mailboxes).filteredOn(m -> m.kind().equals("shared")).hasSize(2);
        assertThat(waits).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(9));
    }
}
