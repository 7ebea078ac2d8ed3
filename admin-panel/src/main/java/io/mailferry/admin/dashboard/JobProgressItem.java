package io.mailferry.admin.dashboard;

/** A running job on the dashboard: its bar and one line such as "3 of 12 mailboxes · 1,234 / 5,000 items · 2.1 MB/s". */
public record JobProgressItem(String jobId, String name, double fraction, String text) {
}
