package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FolderCheckTest {
    @Test
    void itemsMissingWithoutARowShouldBeKeptUpToTheirBoundThenGiveUpAsTooMany() {
        FolderCheck check = new FolderCheck("INBOX");
        for (int i = 0; i < FolderCheck.MISSING_UNKNOWN_KEPT; i++) {
            check.missingUnknown("id-" + i);
        }
        check.missingUnknown("id-0");
        assertThat(check.missingUnknown).hasSize(FolderCheck.MISSING_UNKNOWN_KEPT);
        check.missingUnknown("one too many");
        assertThat(check.missingUnknown).as("too many to ask the source about: the checkpoint goes").isNull();
        check.missingUnknown("after");
        assertThat(check.missingUnknown).isNull();
    }
}
