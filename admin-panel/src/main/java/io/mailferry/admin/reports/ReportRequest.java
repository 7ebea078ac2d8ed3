package io.mailferry.admin.reports;

/**
 * Which report to open: the overall one of all jobs ({@code jobId} and {@code pairId} null), a job's ({@code pairId}
 * null) or one mailbox's, with a title for the tab.
 */
public record ReportRequest(String jobId, String pairId, String title) {

    public static ReportRequest job(String jobId, String jobName) {
        return new ReportRequest(jobId, null, "Job " + jobName);
    }

    public static ReportRequest mailbox(String jobId, String pairId, String label) {
        return new ReportRequest(jobId, pairId, "Mailbox " + label);
    }

    public static ReportRequest overall() {
        return new ReportRequest(null, null, "All jobs");
    }

    public boolean forOverall() {
        return jobId == null;
    }

    public boolean forMailbox() {
        return pairId != null;
    }
}
