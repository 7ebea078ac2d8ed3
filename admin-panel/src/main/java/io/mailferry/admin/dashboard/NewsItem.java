package io.mailferry.admin.dashboard;

/** A finished mailbox (good news) or a failed one / one with failed items (bad news), with the reason. */
public record NewsItem(String jobId, String pairId, String headline, String detail) {
}
