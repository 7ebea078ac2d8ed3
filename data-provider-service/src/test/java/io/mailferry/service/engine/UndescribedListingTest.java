package io.mailferry.service.engine;

import static io.mailferry.service.engine.fake.Messages.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.DuplicatePolicy;
import io.mailferry.model.report.ItemOutcome;
import io.mailferry.service.engine.fake.FakeAccess;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.LedgerEntry;
import io.mailferry.service.engine.port.LedgerState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.SourceMailbox;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A copy lists a source folder without its items' header fields ("listUndescribed") when nothing needs them before
 * the bodies — no pre-existing item in the target folder to match, no rows of a renumbered folder — and the bodies,
 * else one "describe" call, describe the items: the ledger keeps the keys the full listing gives, reports name the
 * items (ADR 0052). The fakes list so only when told ({@code undescribedListings}), as IMAP does.
 */
class UndescribedListingTest {
    private final EngineFixture f = new EngineFixture();
    private final List<String> events = new CopyOnWriteArrayList<>();

    UndescribedListingTest() {
        f.source.undescribedListings(true);
        f.source.hook((point, folder) -> events.add(point + " " + folder));
    }

    /** The source's items as its full listing gives them, by id. */
    private Map<String, ItemRef> fullListing(String folder) throws Exception {
        try (SourceMailbox s = new FakeAccess(f.source).openSource(new MailboxAccess.Login("alice@old", "alice",
                null))) {
            MailFolder mf = s.folders().stream().filter(x -> x.displayPath().equals(folder)).findFirst().orElseThrow();
            List<ItemRef> all = new ArrayList<>();
            String cursor = null;
            do {
                var page = s.list(mf, cursor, 100);
                all.addAll(page.items());
                cursor = page.nextCursor();
            } while (cursor != null);
            return all.stream().collect(Collectors.toMap(ItemRef::id, Function.identity()));
        }
    }

    private long count(String event) {
        return events.stream().filter(event::equals).count();
    }

    @Test
    void aFirstPassIntoAnEmptyFolderShouldListUndescribedAndKeepTheFullListingsKeys() throws Exception {
        for (int i = 0; i < 10; i++) {
            f.source.add("INBOX", message("m" + i, i % 3 == 0 ? null : "<m" + i + "@x>"));
        }
        byte[] large = ("Subject: big\r\nMessage-ID: <big@x>\r\n\r\n" + "x".repeat(1_200_000))
                .getBytes(StandardCharsets.US_ASCII);
        f.source.add("INBOX", large, Instant.parse("2021-05-01T10:00:00Z"));

        MailboxOutcome out = f.run(EngineFixture.options(DuplicatePolicy.SKIP));

        assertThat(out.report().verdict()).isEqualTo("All 11 source items are on the target.");
        assertThat(count("listUndescribed INBOX")).as(events.toString()).isEqualTo(2); // pages of 7
        assertThat(count("list INBOX")).as(events.toString()).isZero();
        assertThat(count("describe INBOX")).as("the large body: " + events).isEqualTo(1);
        Map<String, ItemRef> full = fullListing("INBOX");
        List<LedgerEntry> rows = f.ledger.entriesOf("pair-1", "INBOX");
        assertThat(rows).hasSize(11).allSatisfy(e -> {
            assertThat(e.state()).isEqualTo(LedgerState.DONE);
            assertThat(e.dedupKey()).as(e.sourceItem()).isEqualTo(full.get(e.sourceItem()).dedupKey());
        });
        assertThat(f.target.messages("INBOX")).extracting(m -> m.internalDate())
                .contains(Instant.parse("2021-05-01T10:00:00Z"));
    }

    @Test
    void anItemNothingDescribesShouldFailInsteadOfBeingWrittenUndescribed() {
        f.source.add("INBOX", message("small", "<small@x>"));
        long big = f.source.add("INBOX", ("Subject: big\r\nMessage-ID: <big@x>\r\n\r\n" + "x".repeat(1_200_000))
                .getBytes(StandardCharsets.US_ASCII), Instant.parse("2021-05-01T10:00:00Z"));
        boolean[] gone = {false};
        f.source.hook((point, folder) -> {
            if (point.equals("describe") && !gone[0]) {
                gone[0] = true;
                f.source.removeMessage("INBOX", big); // read, then gone before its header fields were asked for
            }
        });

        MailboxOutcome first = f.run(EngineFixture.options(DuplicatePolicy.SKIP));

        assertThat(f.target.messages("INBOX")).as("never written undescribed").hasSize(1);
        assertThat(f.ledger.entriesOf("pair-1", "INBOX")).filteredOn(e -> e.state() == LedgerState.FAILED)
                .singleElement().satisfies(e -> assertThat(e.reason()).isEqualTo(BatchCopier.UNDESCRIBED));
        assertThat(first.report().verdict()).isEqualTo("The 1 source item is on the target.");
    }

    @Test
    void aFolderHoldingItemsBeforeThePassShouldBeMatchedByTheFullListingsKeys() {
        f.source.add("INBOX", message("same", "<same@x>"));
        f.source.add("INBOX", message("new", "<new@x>"));
        f.target.add("INBOX", message("same", "<same@x>"));

        MailboxOutcome out = f.run(EngineFixture.options(DuplicatePolicy.SKIP));

        assertThat(out.report().verdict()).isEqualTo("All 2 source items are on the target.");
        assertThat(f.target.messages("INBOX")).hasSize(2);
        assertThat(f.ledgerCount(LedgerState.MATCHED)).isEqualTo(1);
        // the first page, listed undescribed beside the target's state, is described once that state shows items
        assertThat(count("describe INBOX")).as(events.toString()).isEqualTo(1);
    }

    @Test
    void anItemSkippedAsTooLargeShouldBeNamedAndKeepItsKey() throws Exception {
        f.source.add("INBOX", message("small", "<small@x>"));
        f.source.add("INBOX", message("huge", "<huge@x>", "y".repeat(5_000)));

        MailboxOutcome out = f.run(EngineFixture.options(null, null, 1_000L, null));

        assertThat(out.report().issues()).singleElement().satisfies(i -> {
            assertThat(i.outcome()).isEqualTo(ItemOutcome.SKIPPED);
            assertThat(i.subject()).isEqualTo("huge");
        });
        assertThat(f.ledger.entriesOf("pair-1", "INBOX")).filteredOn(e -> e.state() == LedgerState.SKIPPED)
                .singleElement().satisfies(e -> assertThat(e.dedupKey()).isEqualTo("mid:<huge@x>"));
    }

    @Test
    void aDateFilterShouldListTheReceivedDates() {
        f.source.add("INBOX", message("old", "<old@x>").getBytes(StandardCharsets.UTF_8),
                Instant.parse("2019-01-01T00:00:00Z"));
        f.source.add("INBOX", message("recent", "<recent@x>").getBytes(StandardCharsets.UTF_8),
                Instant.parse("2024-01-01T00:00:00Z"));

        MailboxOutcome out = f.run(EngineFixture.options(Instant.parse("2020-01-01T00:00:00Z"), null, null, null));

        assertThat(f.target.messages("INBOX")).singleElement()
                .satisfies(m -> assertThat(new String(m.bytes(), StandardCharsets.UTF_8)).contains("recent"));
        assertThat(out.report().verdict()).isEqualTo("The 1 source item is on the target.");
        assertThat(count("listUndescribed INBOX")).as(events.toString()).isEqualTo(1);
    }
}
