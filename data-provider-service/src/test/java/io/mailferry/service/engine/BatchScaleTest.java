package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Larger batches over a slow link, within one budget for the passes an engine runs at once (ADR 0035). */
class BatchScaleTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void aSlowerFirstRoundTripShouldGiveLargerBatchesUpToTheMost() {
        RunningPasses passes = new RunningPasses();
        BatchScale scale = new BatchScale(passes);
        passes.began();

        assertThat(scale.of(0, BatchScale.MAX)).as("loopback").isEqualTo(1);
        assertThat(scale.of(-1, BatchScale.MAX)).as("not known").isEqualTo(1);
        assertThat(scale.of(9 * MS, BatchScale.MAX)).as("a LAN").isEqualTo(1);
        assertThat(scale.of(10 * MS, BatchScale.MAX)).as("10 ms: a slow link").isEqualTo(2);
        assertThat(scale.of(25 * MS, BatchScale.MAX)).isEqualTo(3);
        assertThat(scale.of(30 * MS, BatchScale.MAX)).isEqualTo(BatchScale.MAX);
        assertThat(scale.of(900 * MS, BatchScale.MAX)).as("never more than the most").isEqualTo(BatchScale.MAX);
        assertThat(scale.of(900 * MS, 2)).as("the settings' own bound").isEqualTo(2);
        assertThat(scale.of(900 * MS, 1)).as("settings that never scale").isEqualTo(1);
    }

    @Test
    void passesRunningAtOnceShouldShareTheLargerBatches() {
        RunningPasses passes = new RunningPasses();
        BatchScale scale = new BatchScale(passes);
        passes.began();
        passes.began();

        assertThat(scale.of(400 * MS, BatchScale.MAX)).as("two passes: half each").isEqualTo(BatchScale.MAX / 2);
        for (int i = 2; i < BatchScale.MAX; i++) {
            passes.began();
        }
        assertThat(scale.of(400 * MS, BatchScale.MAX)).as("as many passes as the most: the settings' batches").isEqualTo(1);
        passes.began();
        assertThat(scale.of(400 * MS, BatchScale.MAX)).as("never below the settings' batches").isEqualTo(1);
        for (int i = 0; i < BatchScale.MAX; i++) {
            passes.ended();
        }
        assertThat(scale.of(400 * MS, BatchScale.MAX)).as("the others ended: the whole budget again").isEqualTo(BatchScale.MAX);
    }
}
