package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Connections per server: the admin's number as set, else automatic by the pass's batch scale (ADR 0037). */
class WorkerCountTest {
    @Test
    void automaticShouldBeTwoUnlessTheBatchesGrew() {
        assertThat(WorkerCount.of(0, 1)).as("fast link, or many passes at once").isEqualTo(2);
        assertThat(WorkerCount.of(0, 2)).as("slow link").isEqualTo(4);
        assertThat(WorkerCount.of(0, BatchScale.MAX)).isEqualTo(4);
    }

    @Test
    void anAdminsNumberShouldBeKeptWhateverTheLink() {
        assertThat(WorkerCount.of(1, BatchScale.MAX)).isEqualTo(1);
        assertThat(WorkerCount.of(3, 1)).isEqualTo(3);
        assertThat(WorkerCount.of(8, 1)).isEqualTo(8);
    }
}
