package io.mailferry.admin.reports;

import io.mailferry.admin.client.ReportFormat;
import io.mailferry.admin.client.ServiceClient;
import io.mailferry.admin.ui.Activity;
import io.mailferry.admin.ui.BackgroundRunner;
import io.mailferry.admin.ui.Connectivity;
import io.mailferry.model.report.ItemIssue;
import io.mailferry.model.report.JobReport;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.model.report.OverallLine;
import io.mailferry.model.report.OverallReport;
import io.mailferry.model.report.PassRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The open report (all jobs, a job or a mailbox): the service's HTML rendering for reading, the per-item issues for
 * sorting, the pass history of a job or mailbox, and saving the service's CSV or HTML to a file. The panel renders nothing itself, so the saved file is what the CLI writes.
 */
public final class ReportsViewModel {

    /**
     * The list's order before the admin clicks a header: by mailbox, folder and date (oldest first), so a job's
     * issues read mailbox by mailbox whatever order the service sent them in.
     */
    static final Comparator<ItemIssue> ISSUE_ORDER = Comparator
            .comparing(ItemIssue::mailbox, Comparator.nullsFirst(String.CASE_INSENSITIVE_ORDER))
            .thenComparing(ItemIssue::folder, Comparator.nullsFirst(String.CASE_INSENSITIVE_ORDER))
            .thenComparing(ItemIssue::date, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
            .thenComparingLong(ItemIssue::sourceUid);

    private final ServiceClient client;
    private final Activity activity;
    private final ObjectProperty<ReportRequest> current = new SimpleObjectProperty<>();
    private final StringProperty title = new SimpleStringProperty("No report open");
    private final StringProperty verdict = new SimpleStringProperty("Open a report from the Jobs tab.");
    private final StringProperty html = new SimpleStringProperty("");
    private final ObservableList<ItemIssue> issues = FXCollections.observableArrayList();
    private final ObservableList<PassRecord> passes = FXCollections.observableArrayList();
    private final StringProperty savedTo = new SimpleStringProperty("");
    private final Connectivity connectivity = new Connectivity(this::reload);

    public ReportsViewModel(ServiceClient client, BackgroundRunner runner) {
        this.client = client;
        this.activity = new Activity(runner);
    }

    private record Loaded(String verdict, List<ItemIssue> issues, String html, List<PassRecord> passes) {
    }

    /** Passes of a job (of a mailbox) the Reports tab lists, the newest. */
    static final int PASSES = 200;

    /** Opens the overall report of all jobs. */
    public void openOverall() {
        open(ReportRequest.overall());
    }

    /**
     * Shows the report {@code request} names. Another report's figures go at once (a report that fails to load leaves
     * no other report's figures under its title), while the same report read again keeps its last figures until the
     * new ones arrive; an answer for a report opened before the last one, figures or failure, is dropped.
     */
    public void open(ReportRequest request) {
        if (!request.equals(current.get())) {
            verdict.set("");
            issues.clear();
            passes.clear();
            html.set("");
        }
        current.set(request);
        title.set(request.title());
        savedTo.set("");
        activity.runWhile(() -> current.get() == request, () -> {
            if (request.forOverall()) {
                OverallReport r = client.overallReport();
                return new Loaded(overallVerdict(r.total()), List.of(), client.overallReportText(ReportFormat.HTML),
                        List.of());
            }
            if (request.forMailbox()) {
                MailboxReport r = client.mailboxReport(request.jobId(), request.pairId());
                return new Loaded(withInterrupted(r.verdict(), List.of(r)), r.issues(),
                        client.mailboxReportText(request.jobId(), request.pairId(), ReportFormat.HTML),
                        client.passes(request.jobId(), request.pairId(), PASSES));
            }
            List<PassRecord> history = client.passes(request.jobId(), PASSES);
            JobReport r = client.jobReport(request.jobId());
            List<ItemIssue> all = r.mailboxes().stream()
                    .flatMap(m -> m.issues() == null ? java.util.stream.Stream.empty() : m.issues().stream()).toList();
            return new Loaded(withInterrupted(r.verdict(), r.mailboxes()), all,
                    client.jobReportText(request.jobId(), ReportFormat.HTML), history);
        }, loaded -> {
            verdict.set(loaded.verdict() == null ? "Not verified yet." : loaded.verdict());
            issues.setAll(loaded.issues() == null ? List.of()
                    : loaded.issues().stream().sorted(ISSUE_ORDER).toList());
            passes.setAll(loaded.passes());
            html.set(loaded.html());
        });
    }

    /**
     * The verdict, followed by how many mailboxes a stop of the service interrupted and no pass resumed yet (their
     * report is the last one received before the stop).
     */
    static String withInterrupted(String verdict, List<MailboxReport> mailboxes) {
        long n = mailboxes.stream().filter(m -> m.state() == MailboxState.STOPPED
                && MailboxPair.INTERRUPTED.equals(m.error())).count();
        if (n == 0) {
            return verdict;
        }
        String note = (n == 1 ? "1 mailbox was" : n + " mailboxes were") + " interrupted when the service stopped; "
                + "start or delta resumes " + (n == 1 ? "it." : "them.");
        return verdict == null ? note : verdict + " " + note;
    }

    /** "12 of 40 mailboxes done, 3 in progress, 1 failed." */
    static String overallVerdict(OverallLine t) {
        return String.format(java.util.Locale.ROOT, "%,d of %,d mailboxes done, %,d in progress, %,d failed.",
                t.done(), t.mailboxes(), t.inProgress(), t.failed());
    }

    public void reload() {
        if (current.get() != null) {
            open(current.get());
        }
    }

    public void saveCsv(Path file) {
        save(file, ReportFormat.CSV);
    }

    public void saveHtml(Path file) {
        save(file, ReportFormat.HTML);
    }

    /** Fetches the service's rendering in {@code format} and writes it to {@code file}. */
    void save(Path file, ReportFormat format) {
        ReportRequest r = current.get();
        if (r == null) {
            return;
        }
        activity.run(() -> {
            String text = r.forOverall() ? client.overallReportText(format)
                    : r.forMailbox() ? client.mailboxReportText(r.jobId(), r.pairId(), format)
                    : client.jobReportText(r.jobId(), format);
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        }, f -> savedTo.set("Saved to " + f));
    }

    public Activity activity() {
        return activity;
    }

    /** Bound by the shell to its own; the view disables the tab while false. Turning true reloads the open report. */
    public BooleanProperty connected() {
        return connectivity.connected();
    }

    /** Empty while connected; otherwise since when the service is away (the open report stays as received). */
    public javafx.beans.binding.StringBinding lastKnownNote() {
        return connectivity.lastKnownNote();
    }

    public ObjectProperty<ReportRequest> current() {
        return current;
    }

    public StringProperty title() {
        return title;
    }

    public StringProperty verdict() {
        return verdict;
    }

    public StringProperty html() {
        return html;
    }

    public ObservableList<ItemIssue> issues() {
        return issues;
    }

    /** The passes of the open job (or mailbox), newest first; empty for the overall report. */
    public ObservableList<PassRecord> passes() {
        return passes;
    }

    public StringProperty savedTo() {
        return savedTo;
    }
}
