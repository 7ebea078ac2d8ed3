package io.mailferry.service.engine;

import static io.mailferry.service.engine.fake.Messages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mailferry.service.engine.fake.FakeAccess;
import io.mailferry.service.engine.fake.FakeMailServer;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.TargetMailbox;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A folder's listing run again after a lost connection ({@link Listings.Walk}) goes on where it stopped, with smaller
 * pages: on a link that drops before a whole page arrives, the listing still moves, and no item is counted twice.
 */
class ListingsTest {
    private static final MailboxAccess.Login LOGIN = new MailboxAccess.Login("anna", null, null);

    @Test
    void aWalkRunAgainShouldGoOnWhereItStoppedWithSmallerPages() throws Exception {
        FakeMailServer server = FakeMailServer.target();
        for (int i = 0; i < 45; i++) {
            server.add("INBOX", message("m" + i, "<m" + i + "@x>"));
        }
        AtomicInteger lists = new AtomicInteger();
        server.hook((point, folder) -> {
            if (point.equals("list") && lists.incrementAndGet() == 2) {
                throw new MailboxException(MailboxException.Kind.CONNECTION, "Target closed the connection.");
            }
        });
        TargetMailbox first = new FakeAccess(server).openTarget(LOGIN);
        MailFolder inbox = first.folders().stream().filter(f -> f.displayPath().equals("INBOX")).findFirst()
                .orElseThrow();
        List<String> listed = new ArrayList<>();
        Listings.Walk walk = new Listings.Walk(inbox, 20, null, item -> listed.add(item.id()));

        MailboxException dropped = catchThrowableOfType(() -> walk.run(first), MailboxException.class);
        assertThat(dropped.kind()).isEqualTo(MailboxException.Kind.CONNECTION);
        assertThat(listed).as("the first page, whole").hasSize(20);
        int before = lists.get();

        walk.run(new FakeAccess(server).openTarget(LOGIN)); // the retry, on a new connection

        assertThat(listed).hasSize(45).doesNotHaveDuplicates();
        assertThat(lists.get() - before).as("pages of 10 for the 25 left").isGreaterThanOrEqualTo(3);
        walk.run(new FakeAccess(server).openTarget(LOGIN));
        assertThat(listed).as("a finished walk reads nothing more").hasSize(45);
    }
}
