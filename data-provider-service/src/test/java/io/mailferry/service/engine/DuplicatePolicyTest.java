package io.mailferry.service.engine;

import io.mailferry.service.engine.port.LedgerState;
import static io.mailferry.service.engine.fake.Messages.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.DuplicatePolicy;
import io.mailferry.model.report.ItemOutcome;
import org.junit.jupiter.api.Test;

class DuplicatePolicyTest {
    private final EngineFixture f = new EngineFixture();

    private void sourceHasTwinsAndTargetHasOne() {
        f.source.add("INBOX", message("twin", "<twin@x>", "from source"));
        f.source.add("INBOX", message("twin", "<twin@x>", "from source"));
        f.source.add("INBOX", message("new", "<new@x>"));
        f.target.add("INBOX", message("twin", "<twin@x>", "pre-existing"));
    }

    @Test
    void skipShouldMatchAsManyAsPreExistAndCopyTheRest() {
        sourceHasTwinsAndTargetHasOne();

        MailboxOutcome out = f.run(EngineFixture.options(DuplicatePolicy.SKIP));

        assertThat(f.targetSubjects("INBOX")).containsExactly("twin", "twin", "new");
        assertThat(f.ledgerCount(LedgerState.MATCHED)).isEqualTo(1);
        // the pre-existing twin has other bytes: matched under SKIP, so not copied, but not claimed to be on the target
        assertThat(out.report().folders().get(0).itemsAlreadyThere()).isZero();
        assertThat(out.report().folders().get(0).itemsSkipped()).isEqualTo(1);
        assertThat(out.report().verdict()).isEqualTo("2 of 3 source items are on the target; 1 is not: 1 skipped "
                + "(another message with the same Message-ID is on the target).");
        assertThat(out.report().issues()).singleElement().satisfies(i -> {
            assertThat(i.outcome()).isEqualTo(ItemOutcome.SKIPPED);
            assertThat(i.reason()).isEqualTo(Verifier.DIFFERS);
        });
        assertThat(f.run(EngineFixture.options(DuplicatePolicy.SKIP)).report().itemsCopied()).isZero();
    }

    @Test
    void skipShouldCountAPreExistingIdenticalItemAsOnTheTarget() {
        f.source.add("INBOX", message("same", "<same@x>"));
        f.target.add("INBOX", message("same", "<same@x>"));

        MailboxOutcome out = f.run(EngineFixture.options(DuplicatePolicy.SKIP));

        assertThat(out.report().verdict()).isEqualTo("The 1 source item is on the target.");
        assertThat(out.report().folders().get(0).itemsAlreadyThere()).isEqualTo(1);
        assertThat(f.target.messages("INBOX")).hasSize(1);
    }

    @Test
    void overwriteShouldReplaceThePreExistingItem() {
        sourceHasTwinsAndTargetHasOne();

        f.run(EngineFixture.options(DuplicatePolicy.OVERWRITE));

        assertThat(f.target.messages("INBOX")).hasSize(3)
                .noneMatch(m -> m.text().contains("pre-existing"));
    }

    @Test
    void createDuplicateShouldCopyEverything() {
        sourceHasTwinsAndTargetHasOne();

        f.run(EngineFixture.options(DuplicatePolicy.CREATE_DUPLICATE));

        assertThat(f.target.messages("INBOX")).hasSize(4);
    }

    @Test
    void messagesWithoutMessageIdShouldMatchByHeaderHash() {
        f.source.add("INBOX", message("no id", null));
        f.source.add("INBOX", message("other", null));
        f.target.add("INBOX", message("no id", null));

        f.run();

        assertThat(f.targetSubjects("INBOX")).containsExactly("no id", "other");
        assertThat(f.ledgerCount(LedgerState.MATCHED)).isEqualTo(1);
    }

    @Test
    void ourOwnEarlierCopiesShouldNotCountAsPreExisting() {
        f.source.add("INBOX", message("twin", "<twin@x>"));
        f.run();
        f.source.add("INBOX", message("twin", "<twin@x>")); // a second identical message arrives later

        f.run();

        assertThat(f.target.messages("INBOX")).hasSize(2);
    }
}
