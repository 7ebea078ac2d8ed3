package io.mailferry.service.connector.ews;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.service.engine.TestMessages;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxAccess.Login;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.Page;
import io.mailferry.service.engine.port.SourceMailbox;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * EWS pages FindItem by offset (learn.microsoft.com/exchange/client-developer/web-service-reference/finditem-operation,
 * IndexedPageItemView): what a listing's pages passed over is read by id at its end (GetItem), also when that read
 * was throttled (ErrorServerBusy) and the engine lists the last page again; a listing that lost the ids it began with
 * fails its folder rather than end as if complete.
 */
class EwsListingTest {
    private static final EwsFixture FIXTURE = new EwsFixture();

    @AfterAll
    static void stop() {
        FIXTURE.ews.close();
    }

    private static Login mailboxOf(int messages) {
        Login login = FIXTURE.newMailbox();
        for (int i = 0; i < messages; i++) {
            FIXTURE.seed(login, List.of("INBOX"), TestMessages.simple("e" + i, "<e" + i + "@example.com>"),
                    ItemState.NONE, null);
        }
        return login;
    }

    private static MailFolder inbox(SourceMailbox s) throws MailboxException {
        return s.folders().stream().filter(f -> f.displayPath().equals("INBOX")).findFirst().orElseThrow();
    }

    @Test
    void aLastPageListedAgainAfterAThrottledReadByIdShouldStillNameEveryItemThatStayed() throws Exception {
        Login login = mailboxOf(6);
        try (SourceMailbox s = FIXTURE.openSource(login)) {
            MailFolder inbox = inbox(s);
            List<String> named = new ArrayList<>();
            Page<ItemRef> p1 = s.list(inbox, null, 2);
            p1.items().forEach(i -> named.add(i.subject()));
            s.delete(inbox, List.of(p1.items().get(0).id()));
            Page<ItemRef> p2 = s.list(inbox, p1.nextCursor(), 2);
            p2.items().forEach(i -> named.add(i.subject()));
            String last = p2.nextCursor();
            FIXTURE.ews.throttle(1, 0, "GetItem");
            assertThatThrownBy(() -> s.list(inbox, last, 2)).isInstanceOfSatisfying(MailboxException.class,
                    e -> assertThat(e.kind()).isEqualTo(MailboxException.Kind.THROTTLED));
            s.delete(inbox, List.of(p1.items().get(1).id()));
            Page<ItemRef> p3 = s.list(inbox, last, 2);
            p3.items().forEach(i -> named.add(i.subject()));

            assertThat(p3.last()).isTrue();
            List<String> stayed = new ArrayList<>(List.of("e0", "e1", "e2", "e3", "e4", "e5"));
            stayed.remove(p1.items().get(0).subject());
            stayed.remove(p1.items().get(1).subject());
            assertThat(named).containsAll(stayed);
        }
    }

    @Test
    void aListingContinuedWhereItsRollCallIsUnknownShouldFailItsFolder() throws Exception {
        Login login = mailboxOf(5);
        EwsMailboxAccess elsewhere = new EwsMailboxAccess(FIXTURE.endpoint(), ConnectionRole.SOURCE);
        try (SourceMailbox here = FIXTURE.openSource(login); SourceMailbox other = elsewhere.openSource(login)) {
            MailFolder inbox = inbox(here);
            Page<ItemRef> first = here.list(inbox, null, 2);
            assertThatThrownBy(() -> other.list(inbox, first.nextCursor(), 2))
                    .isInstanceOfSatisfying(MailboxException.class, e -> {
                        assertThat(e.kind()).isEqualTo(MailboxException.Kind.ITEM);
                        assertThat(e.getMessage()).contains("could not be listed to the end")
                                .contains("Nothing is lost");
                    });
        }
    }
}
