package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Connections per server: the admin's number as set, else automatic by the pass's batch scale, never more than a side
 * lets be open at once (ADR 0037); the workers beyond the first wait while many passes run, unless the admin set the
 * number (ADR 0041).
 */
class WorkerCountTest {
    private final EngineFixture f = new EngineFixture();

    private int of(int setting, int scale) {
        return WorkerCount.of(setting, scale, f.task(EngineFixture.options()));
    }

    @Test
    void automaticShouldBeTwoUnlessTheBatchesGrew() {
        assertThat(of(0, 1)).as("fast link, or many passes at once").isEqualTo(2);
        assertThat(of(0, 2)).as("slow link").isEqualTo(4);
        assertThat(of(0, BatchScale.MAX)).isEqualTo(4);
    }

    @Test
    void anAdminsNumberShouldBeKeptWhateverTheLink() {
        assertThat(of(1, BatchScale.MAX)).isEqualTo(1);
        assertThat(of(3, 1)).isEqualTo(3);
        assertThat(of(8, 1)).isEqualTo(8);
    }

    @Test
    void aSideThatLetsFewerSessionsBeOpenShouldBoundEither() {
        f.source.sessionsPerMailbox(3);
        assertThat(of(0, BatchScale.MAX)).isEqualTo(3);
        assertThat(of(8, 1)).as("an admin's number too: a worker more would wait for the others").isEqualTo(3);
        f.target.sessionsPerMailbox(1);
        assertThat(of(0, BatchScale.MAX)).isEqualTo(1);
    }

    @Test
    void helpersShouldWaitWhileManyPassesRunOnAFastLinkUnlessTheAdminSetTheNumber() {
        assertThat(WorkerCount.helpers(0, false, 1)).as("alone").isTrue();
        assertThat(WorkerCount.helpers(0, false, WorkerCount.SHARED_FROM - 1)).isTrue();
        assertThat(WorkerCount.helpers(0, false, WorkerCount.SHARED_FROM)).isFalse();
        assertThat(WorkerCount.helpers(0, false, 20)).isFalse();
        assertThat(WorkerCount.helpers(0, true, 20)).as("a slow link: round trips to hide").isTrue();
        assertThat(WorkerCount.helpers(2, false, 20)).as("the admin's number").isTrue();
    }
}
