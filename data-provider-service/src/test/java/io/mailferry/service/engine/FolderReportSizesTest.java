package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.report.FolderReport;
import io.mailferry.service.engine.fake.Messages;
import org.junit.jupiter.api.Test;

/** A folder report's skipped and failed sizes go with its skipped and failed counts, in every pass. */
class FolderReportSizesTest {
    private final EngineFixture f = new EngineFixture();

    @Test
    void aSkippedItemsSizeShouldBeReportedByEveryPassThatCountsItSkipped() {
        f.source.condstore(true);
        f.source.add("INBOX", Messages.message("small", "<small@x>"));
        f.source.add("INBOX", Messages.message("big", "<big@x>") + "x".repeat(5_000));
        long big = f.source.messages("INBOX").get(1).bytes().length;

        FolderReport first = f.run(EngineFixture.options(null, null, 1_000L, null)).report().folders().get(0);
        // the next pass finds the folder unchanged since the checkpoint: its copy step reads nothing
        FolderReport second = f.run(EngineFixture.options(null, null, 1_000L, null)).report().folders().get(0);

        assertThat(first.itemsSkipped()).isEqualTo(1);
        assertThat(first.bytesSkipped()).isEqualTo(big);
        assertThat(second.itemsCopied()).isZero();
        assertThat(second.itemsSkipped()).isEqualTo(1);
        assertThat(second.bytesSkipped()).isEqualTo(big);
    }
}
