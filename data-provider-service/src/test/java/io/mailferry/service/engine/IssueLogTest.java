package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.report.ItemIssue;
import io.mailferry.model.report.ItemOutcome;
import org.junit.jupiter.api.Test;

/** The report's list of items with issues, kept up to a limit: what needs the admin is never pushed out by skips. */
class IssueLogTest {
    @Test
    void aFullListShouldMakeRoomForAFailedOrMissingItemByLeavingOutTheLatestSkippedOne() {
        IssueLog log = new IssueLog("anna", 3);
        log.add("INBOX", null, ItemOutcome.SKIPPED, "not copied: trial limit of 10 items per folder");
        log.add("INBOX", null, ItemOutcome.SKIPPED, "not copied: trial limit of 10 items per folder");
        log.add("INBOX", null, ItemOutcome.SKIPPED, "not copied: trial limit of 10 items per folder");
        log.add("Sent", null, ItemOutcome.FAILED, "Target refused the message.");
        log.add("Sent", null, ItemOutcome.MISSING, "Not copied to the target.");
        log.add("Sent", null, ItemOutcome.SKIPPED, "too large: 30 MB > limit 25 MB");

        assertThat(log.issues()).extracting(ItemIssue::outcome).containsExactly(ItemOutcome.SKIPPED,
                ItemOutcome.FAILED, ItemOutcome.MISSING);
        assertThat(log.dropped()).isEqualTo(3);

        log.add("Sent", null, ItemOutcome.FAILED, "Target refused the message.");
        assertThat(log.issues()).extracting(ItemIssue::outcome).containsExactly(ItemOutcome.FAILED,
                ItemOutcome.MISSING, ItemOutcome.FAILED);
        log.add("Sent", null, ItemOutcome.FAILED, "Target refused the message.");
        assertThat(log.issues()).as("no skipped one left to make room").hasSize(3);
        assertThat(log.dropped()).isEqualTo(5);
    }
}
