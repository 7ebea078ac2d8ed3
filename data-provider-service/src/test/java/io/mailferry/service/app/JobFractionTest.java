package io.mailferry.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.Progress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A job's fraction weighs each mailbox by its item total, and reaches 1 only when every mailbox finished. */
class JobFractionTest {
    private static Progress items(long total, long processed) {
        return new Progress(total, processed, processed, 0, 0, total * 100, processed * 100, 0, 0, -1, null, 0);
    }

    private static PairReports.Share one(MailboxState state, long total, long processed) {
        return PairReports.Share.of(state, items(total, processed));
    }

    @Test
    void unstartedMailboxesShouldWeighTheirLastTotalsNotLetNearlyDoneOnesPassForTheJob() {
        // the two started mailboxes are nearly done; two big ones wait in the queue with their last pass's totals
        double f = PairReports.weightedFraction(List.of(
                one(MailboxState.RUNNING, 100, 97),
                one(MailboxState.COMPLETED, 100, 100),
                one(MailboxState.QUEUED, 4000, 4000),
                one(MailboxState.QUEUED, 4000, 4000)));

        assertThat(f).isCloseTo(197.0 / 8200, within(1e-9));
    }

    @Test
    void newMailboxWithoutTotalShouldWeighTheAverageOfTheKnownOnes() {
        double f = PairReports.weightedFraction(List.of(
                one(MailboxState.COMPLETED, 300, 300),
                one(MailboxState.COMPLETED, 100, 100),
                one(MailboxState.NEW, 0, 0)));

        assertThat(f).isCloseTo(400.0 / 600, within(1e-9));
    }

    @Test
    void jobShouldStayBelowFullWhileOneMailboxIsStillNew() {
        // a tiny new mailbox beside a huge finished one: weighted, it would round to 100 %
        double f = PairReports.weightedFraction(List.of(
                one(MailboxState.COMPLETED, 1_000_000, 1_000_000),
                one(MailboxState.NEW, 1, 0)));

        assertThat(f).isLessThanOrEqualTo(PairReports.UNFINISHED_CAP);
    }

    @Test
    void jobShouldBeFullOnlyWhenEveryMailboxFinished() {
        double f = PairReports.weightedFraction(List.of(
                one(MailboxState.COMPLETED, 50, 50),
                new PairReports.Share(MailboxState.COMPLETED_WITH_ISSUES, 2, 2, items(150, 140))));

        assertThat(f).isEqualTo(1.0);
    }

    @Test
    void failedMailboxShouldCountWhatItProcessed() {
        double f = PairReports.weightedFraction(List.of(
                one(MailboxState.COMPLETED, 100, 100),
                one(MailboxState.FAILED, 100, 20)));

        assertThat(f).isCloseTo(0.6, within(1e-9));
    }

    @Test
    void storeGroupsShouldWeighTheirUnknownPairsByTheAverage() {
        // 3 queued pairs summed by the store: 2 with totals (500 items), 1 never listed
        double f = PairReports.weightedFraction(List.of(
                new PairReports.Share(MailboxState.QUEUED, 3, 2, items(500, 500)),
                one(MailboxState.COMPLETED, 250, 250)));

        // known: 750 items over 3 pairs, so the unknown pair weighs 250
        assertThat(f).isCloseTo(250.0 / 1000, within(1e-9));
    }

    @Test
    void jobProgressShouldCarryTheWeightedFractionBesideTheSums() {
        Progress p = PairReports.jobProgress(List.of(one(MailboxState.RUNNING, 100, 97),
                one(MailboxState.NEW, 0, 0)));

        assertThat(p.itemsTotal()).isEqualTo(100);
        assertThat(p.weightedFraction()).isCloseTo(97.0 / 200, within(1e-9));
        assertThat(p.fraction()).isEqualTo(p.weightedFraction());
    }
}
