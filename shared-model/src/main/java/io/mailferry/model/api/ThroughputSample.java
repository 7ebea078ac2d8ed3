package io.mailferry.model.api;

import java.time.Instant;

/** One point of the dashboard's throughput chart: service-wide rates over the last sampling interval. */
public record ThroughputSample(Instant at, double itemsPerSecond, double bytesPerSecond) {
}
