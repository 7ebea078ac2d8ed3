package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.service.engine.TestMessages;
import io.mailferry.service.engine.port.BufferedContent;
import io.mailferry.service.engine.port.Changes;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxAccess.Login;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import io.mailferry.service.engine.port.WriteRequest;
import io.mailferry.service.engine.port.WriteResult;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the IMAP connector does with CONDSTORE (RFC 7162) where the server offers it — a change token
 * "UIDVALIDITY:UIDNEXT:HIGHESTMODSEQ" in the folder state, {@code CHANGEDSINCE} listings of what arrived or changed
 * since, an expired answer for a token of another UIDVALIDITY — and without it: no token and an unknown answer, so
 * the engine lists.
 */
interface CondstoreContract {
    Instant DATE = Instant.parse("2019-01-01T00:00:00Z");
    ItemState PLAIN = ItemState.NONE;

    ImapServerFixture fixture();

    /** The server offers CONDSTORE. */
    boolean condstore();

    private static List<WriteResult> write(TargetMailbox target, MailFolder folder, String... subjects)
            throws Exception {
        List<WriteRequest> requests = new java.util.ArrayList<>();
        for (String s : subjects) {
            requests.add(new WriteRequest(null, BufferedContent.of(TestMessages.simple(s, "<" + s + "@m>")), PLAIN,
                    DATE, null));
        }
        List<WriteResult> results = target.write(folder, requests);
        assertThat(results).allSatisfy(r -> assertThat(r.ok()).isTrue());
        return results;
    }

    private static List<ItemRef> list(SourceMailbox source, MailFolder folder) throws Exception {
        return source.list(folder, null, 100).items();
    }

    @Test
    default void changesShouldListArrivalsAndStateChangesSinceTheToken() throws Exception {
        ImapServerFixture fx = fixture();
        Login login = fx.newMailbox();
        try (TargetMailbox target = fx.openTarget(login); SourceMailbox source = fx.openSource(login)) {
            MailFolder folder = target.ensureFolder(List.of("Modseq"));
            write(target, folder, "a", "b");
            List<ItemRef> listed = list(source, folder); // leaves the folder EXAMINEd on the source session
            FolderState before = source.state(folder);
            assertThat(source.capabilities().changeTokens()).isEqualTo(condstore());
            if (!condstore()) {
                assertThat(before.token()).as("no mod-sequences, no token").isNull();
                assertThat(source.changes(folder, before.epoch() + ":1:1")).isEqualTo(Changes.UNKNOWN);
                return;
            }
            assertThat(before.token()).matches(before.epoch() + ":\\d+:[1-9]\\d*");
            assertThat(before.mark()).isEqualTo(before.token().substring(0, before.token().lastIndexOf(':')));
            Changes none = source.changes(folder, before.token());
            assertThat(none.outcome()).isEqualTo(Changes.Outcome.CHANGES);
            assertThat(none.items()).isEmpty();

            ItemRef b = listed.stream().filter(i -> "b".equals(i.subject())).findFirst().orElseThrow();
            ItemState readWork = new ItemState(true, false, false, true, false, false, Set.of("Work"));
            target.setState(folder, readWork, List.of(b.id()));
            // the source session still has the folder selected since its listing: what it answers must be fresh
            Changes flagged = source.changes(folder, before.token());
            FolderState after = source.state(folder);

            assertThat(after.token()).isNotEqualTo(before.token());
            assertThat(after.mark()).as("no arrival, same UIDNEXT").isEqualTo(before.mark());
            assertThat(flagged.outcome()).isEqualTo(Changes.Outcome.CHANGES);
            assertThat(flagged.items()).singleElement().satisfies(i -> {
                assertThat(i.id()).isEqualTo(b.id());
                assertThat(i.order()).isEqualTo(b.order());
                assertThat(i.messageId()).isEqualTo("<b@m>");
                assertThat(i.size()).isEqualTo(b.size());
                assertThat(i.state()).isEqualTo(readWork);
            });
            assertThat(source.changes(folder, after.token()).items()).isEmpty();

            String c = write(target, folder, "c").get(0).targetId();
            Changes added = source.changes(folder, after.token());
            assertThat(source.state(folder).token()).isNotEqualTo(after.token());
            assertThat(added.outcome()).isEqualTo(Changes.Outcome.CHANGES);
            assertThat(added.items()).singleElement().satisfies(i -> {
                assertThat(i.messageId()).isEqualTo("<c@m>");
                assertThat(i.id()).isNotIn(listed.stream().map(ItemRef::id).toList());
                if (fx.reportsWrittenIds()) {
                    assertThat(i.id()).isEqualTo(c);
                }
            });
            assertThat(source.changes(folder, before.token()).items()).extracting(ItemRef::messageId)
                    .containsExactly("<b@m>", "<c@m>");
        }
    }

    @Test
    default void changesShouldExpireForATokenOfAnotherUidValidity() throws Exception {
        ImapServerFixture fx = fixture();
        Login login = fx.newMailbox();
        String token;
        MailFolder folder;
        try (TargetMailbox target = fx.openTarget(login)) {
            folder = target.ensureFolder(List.of("Renumbered"));
            write(target, folder, "a");
        }
        try (SourceMailbox source = fx.openSource(login)) {
            FolderState state = source.state(folder);
            token = state.token();
            if (!condstore()) {
                assertThat(token).isNull();
                assertThat(source.changes(folder, "1:2:3")).isEqualTo(Changes.UNKNOWN);
                return;
            }
            long[] n = ImapIds.numbers(token);
            assertThat(source.changes(folder, (n[0] + 1) + ":" + n[1] + ":" + n[2]))
                    .as("a token of another UIDVALIDITY").isEqualTo(Changes.EXPIRED);
            assertThat(source.changes(folder, "no-such-token")).isEqualTo(Changes.EXPIRED);
            assertThat(source.changes(folder, token).outcome()).isEqualTo(Changes.Outcome.CHANGES);
        }

        fx.recreateFolder(login, List.of("Renumbered"));
        try (TargetMailbox target = fx.openTarget(login)) {
            write(target, folder, "b");
        }
        try (SourceMailbox source = fx.openSource(login)) {
            FolderState renumbered = source.state(folder);
            assertThat(renumbered.epoch()).as("the server renumbered the folder").isNotEqualTo(
                    token.substring(0, token.indexOf(':')));
            assertThat(source.changes(folder, token)).isEqualTo(Changes.EXPIRED);
        }
    }
}
