package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.service.engine.port.WriteRequest;
import io.mailferry.service.engine.port.BufferedContent;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxAccess.Login;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import io.mailferry.service.engine.TestMessages;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the IMAP connector does with CONDSTORE (RFC 7162) where the server offers it — HIGHESTMODSEQ in the folder
 * state, {@code CHANGEDSINCE} flag changes — and without it: a 0 mod-sequence and no answer, so the engine lists.
 */
interface CondstoreContract {
    ImapServerFixture fixture();

    /** The server offers CONDSTORE. */
    boolean condstore();

    @Test
    default void stateAndChangedSinceShouldFollowFlagChangesAndArrivals() throws Exception {
        ImapServerFixture fx = fixture();
        Login login = fx.newMailbox();
        try (TargetMailbox target = fx.openTarget(login); SourceMailbox source = fx.openSource(login)) {
            MailFolder folder = target.ensureFolder(List.of("Modseq"));
            Instant date = Instant.parse("2019-01-01T00:00:00Z");
            target.append(folder, List.of(
                    new WriteRequest(null, BufferedContent.of(TestMessages.simple("a", "<a@m>")), Set.of(), date),
                    new WriteRequest(null, BufferedContent.of(TestMessages.simple("b", "<b@m>")), Set.of(), date)));
            List<Long> uids = source.list(folder, null, 10).items().stream().map(ItemRef::uid).toList();
            FolderState before = source.state(folder);

            target.setFlags(folder, Set.of("\\Seen", "Work"), List.of(uids.get(1)));
            FolderState after = source.state(folder);
            Map<Long, Set<String>> changed = source.changedSince(folder, before.highestModSeq());

            assertThat(after.uidNext()).isEqualTo(before.uidNext());
            if (!condstore()) {
                assertThat(before.highestModSeq()).isZero();
                assertThat(after.highestModSeq()).isZero();
                assertThat(changed).isNull();
                return;
            }
            assertThat(before.highestModSeq()).isPositive();
            assertThat(after.highestModSeq()).isGreaterThan(before.highestModSeq());
            // the source session had the folder selected (EXAMINE by the listing): its state must still be fresh
            assertThat(changed).containsKey(uids.get(1)).allSatisfy((uid, flags) -> assertThat(uid).isLessThan(
                    after.uidNext()));
            assertThat(changed.get(uids.get(1))).containsExactlyInAnyOrder("\\Seen", "Work");
            assertThat(source.changedSince(folder, after.highestModSeq())).isEmpty();

            target.append(folder, List.of(
                    new WriteRequest(null, BufferedContent.of(TestMessages.simple("c", "<c@m>")), Set.of(), date)));
            FolderState arrived = source.state(folder);
            assertThat(arrived.highestModSeq()).isGreaterThan(after.highestModSeq());
            assertThat(source.changedSince(folder, after.highestModSeq()).keySet())
                    .allMatch(uid -> uid >= after.uidNext()).hasSize(1);
        }
    }
}
