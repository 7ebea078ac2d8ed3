package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The batch bounds the engine derives from its settings. */
class EngineSettingsTest {
    private static final long MB = 1L << 20;

    @Test
    void aMailboxsWorkersShouldShareItsBatchBytes() {
        EngineSettings s = EngineSettings.defaults();

        assertThat(s.batchBytes()).isEqualTo(4 * MB);
        assertThat(s.batchBytes(1)).as("one worker").isEqualTo(8 * MB);
        assertThat(s.batchBytes(2)).as("two workers").isEqualTo(4 * MB);
        assertThat(s.batchBytes(4)).as("four workers").isEqualTo(2 * MB);
        assertThat(s.batchBytes(8)).as("eight workers").isEqualTo(MB);
        assertThat(s.batchBytes(16)).as("never below 1 MB").isEqualTo(MB);
        assertThat(s.withBatchBytes(1000).batchBytes(16)).as("small settings: half of them").isEqualTo(500);
    }

    @Test
    void aTargetWritingItemByItemShouldGetSmallerBatches() {
        EngineSettings s = EngineSettings.defaults();

        assertThat(s.batchItems(true)).isEqualTo(200);
        assertThat(s.batchItems(false)).isEqualTo(EngineSettings.ITEM_BY_ITEM_BATCH);
    }
}
