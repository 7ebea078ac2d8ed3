package io.mailferry.admin.dashboard;

import io.mailferry.admin.ui.SecretFile;
import io.mailferry.admin.client.ServiceClient;
import io.mailferry.admin.client.ServiceException;
import io.mailferry.admin.ui.Activity;
import io.mailferry.admin.ui.BackgroundRunner;
import io.mailferry.admin.ui.Connectivity;
import io.mailferry.admin.ui.Formats;
import io.mailferry.model.api.Alert;
import io.mailferry.model.api.ThrottlingSummary;
import io.mailferry.model.api.ThroughputSample;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobState;
import io.mailferry.model.license.LicenseState;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.Progress;
import io.mailferry.model.report.DurationText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Everything the dashboard shows, fetched in one background call per refresh. Good news, bad news and the panel's
 * own alerts are derived from the pairs of every job; a running mailbox whose count has not moved for
 * {@link #STALL_AFTER} counts as stalled even before the service says so. Time lost to throttling is the service's
 * own sum (running passes and today's), and each running job says its own. While the service is not reached the
 * figures stay as last fetched and say so; reconnecting reloads them.
 */
public final class DashboardViewModel {

    static final Duration STALL_AFTER = Duration.ofMinutes(5);
    /** How long the mailboxes of a job that neither runs nor changed are shown as last fetched. */
    static final Duration IDLE_PAIRS_FOR = Duration.ofSeconds(30);
    private static final int NEWS_LIMIT = 50;

    private final ServiceClient client;
    private final Activity activity;
    /** The service's alert for a paused mailbox; the panel says it in its own time zone instead. */
    static final String PAUSED_ALERT = "MAILBOX_PAUSED";
    private final Clock clock;
    private final ObservableList<ConnectionItem> sources = FXCollections.observableArrayList();
    private final ObservableList<ConnectionItem> targets = FXCollections.observableArrayList();
    private final StringProperty license = new SimpleStringProperty("License: unknown");
    private final BooleanProperty licenseOk = new SimpleBooleanProperty(true);
    private final StringProperty licenseDetail = new SimpleStringProperty("");
    private final BooleanProperty licenseKeyInstalled = new SimpleBooleanProperty(false);
    private final BooleanProperty licenseEntryOpen = new SimpleBooleanProperty(false);
    private final StringProperty licenseKeyInput = new SimpleStringProperty("");
    private final ObservableList<JobProgressItem> running = FXCollections.observableArrayList();
    private volatile List<Job> lastJobs = List.of();
    private final ObservableList<NewsItem> goodNews = FXCollections.observableArrayList();
    private final ObservableList<NewsItem> badNews = FXCollections.observableArrayList();
    private final ObservableList<ThroughputSample> throughput = FXCollections.observableArrayList();
    private final ObservableList<String> alerts = FXCollections.observableArrayList();
    private final StringProperty throttled = new SimpleStringProperty("");
    /** pairId → (items done, since when unchanged), for stall detection across refreshes. */
    private final Map<String, Seen> seen = new HashMap<>();
    private final Connectivity connectivity = new Connectivity(this::load, () -> clock().instant());
    private final StringBinding throughputHeader = Bindings.createStringBinding(() -> !connectivity.connected().get()
            ? connectivity.lastKnownNote().get()
            : throughput.isEmpty() ? ""
            : String.format(Locale.ROOT, "%.1f items/s now", throughput.get(throughput.size() - 1).itemsPerSecond()),
            connectivity.lastKnownNote(), throughput);
    private final StringBinding licenseChip = Bindings.createStringBinding(() -> !connectivity.connected().get()
            ? "last known" : licenseOk.get() ? "valid" : "attention", connectivity.connected(), licenseOk);

    private record Seen(long itemsDone, Instant since) {
    }

    /** A job's mailboxes as fetched while the job was {@code job}. */
    private record FetchedPairs(Job job, List<MailboxPair> pairs, Instant at) {
    }

    /**
     * jobId → its mailboxes as last fetched. A refresh fetches again only those of a job that runs (or is queued or
     * stopping), whose record changed, or that were fetched {@link #IDLE_PAIRS_FOR} ago: a finished job of thousands
     * of mailboxes is not downloaded every refresh. Used by the background fetches only; {@link #load} forgets it.
     */
    private final Map<String, FetchedPairs> fetchedPairs = new java.util.concurrent.ConcurrentHashMap<>();

    record Snapshot(List<Connection> connections, LicenseState license, List<Job> jobs,
            Map<Job, List<MailboxPair>> pairs, List<ThroughputSample> throughput, List<Alert> alerts,
            ThrottlingSummary throttling) {
    }

    public DashboardViewModel(ServiceClient client, BackgroundRunner runner, Clock clock) {
        this.client = client;
        this.activity = new Activity(runner);
        this.clock = clock;
    }

    private Clock clock() {
        return clock;
    }

    public void load() {
        activity.run(() -> {
            fetchedPairs.clear();
            return fetch();
        }, this::apply);
    }

    public void refresh() {
        activity.poll(this::fetch, this::apply);
    }

    /** Tests a saved connection against its real server; the card shows the service's words. */
    public void test(ConnectionItem item) {
        activity.run(() -> client.testConnection(item.connection().id()), r -> load());
    }

    /**
     * Deletes a connection (the view asks first). A job that still uses it makes the service refuse with
     * {@code connection_in_use}; its sentence shows as the dashboard's error.
     */
    public void delete(ConnectionItem item) {
        String id = item.connection().id();
        activity.run(() -> {
            client.deleteConnection(id);
            return id;
        }, deleted -> load());
    }

    /** Opens the license card's key entry (pasted, or read from a file by the view). */
    public void openLicenseEntry() {
        licenseKeyInput.set("");
        licenseEntryOpen.set(true);
    }

    public void closeLicenseEntry() {
        licenseEntryOpen.set(false);
        licenseKeyInput.set("");
    }

    /** Puts the text of a key file (as the vendor sent it) into the key entry; an unreadable file is the error. */
    public void licenseKeyFromFile(java.nio.file.Path file) {
        SecretFile.Read read = SecretFile.read(file, SecretFile.CAPPED);
        if (read.error() != null) {
            activity.error().set(read.error());
        } else {
            licenseKeyInput.set(new String(read.content(), java.nio.charset.StandardCharsets.UTF_8).strip());
        }
    }

    /**
     * Installs the key in {@link #licenseKeyInput()}. A refused key (altered, expired, another product) leaves the
     * entry open and shows the service's sentence as the dashboard's error; the license in use stays.
     */
    public void installLicense() {
        String key = licenseKeyInput.get() == null ? "" : licenseKeyInput.get().strip();
        if (key.isEmpty()) {
            activity.error().set("Paste the license key, or choose the file it came in, then press Install.");
            return;
        }
        activity.run(() -> client.installLicense(key), state -> {
            applyLicense(state);
            closeLicenseEntry();
        });
    }

    /** Removes the installed key (the view asks first): the trial's rules apply again. */
    public void removeLicense() {
        activity.run(client::removeLicense, this::applyLicense);
    }

    Snapshot fetch() {
        List<Connection> connections = client.connections();
        List<Job> jobs = optional(client::jobs, List.of());
        Map<Job, List<MailboxPair>> pairs = new LinkedHashMap<>();
        fetchedPairs.keySet().retainAll(jobs.stream().map(Job::id).toList());
        for (Job j : jobs) {
            if (j.lastRunStartedAt() != null || j.state() != JobState.NEW) {
                pairs.put(j, pairsOf(j));
            }
        }
        return new Snapshot(connections, optional(client::license, null), jobs, pairs,
                optional(client::throughput, List.of()), optional(client::alerts, List.of()),
                optional(client::throttling, null));
    }

    private List<MailboxPair> pairsOf(Job j) {
        Instant now = clock.instant();
        FetchedPairs last = fetchedPairs.get(j.id());
        boolean active = j.state() == JobState.RUNNING || j.state() == JobState.QUEUED
                || j.state() == JobState.STOPPING;
        if (last != null && !active && last.job().equals(j) && last.at().plus(IDLE_PAIRS_FOR).isAfter(now)) {
            return last.pairs();
        }
        List<MailboxPair> list = optional(() -> client.pairs(j.id()), List.of());
        fetchedPairs.put(j.id(), new FetchedPairs(j, list, now));
        return list;
    }

    /** Parts the service does not offer yet (404) leave their card empty instead of failing the dashboard. */
    private static <T> T optional(Supplier<T> call, T fallback) {
        try {
            return call.get();
        } catch (ServiceException e) {
            if (e.status() == 404 || e.status() == 405 || e.status() == 501) {
                return fallback;
            }
            throw e;
        }
    }

    /** The names of the jobs, as last fetched, that read from or write to the connection {@code id}. */
    public List<String> jobsUsing(String id) {
        return lastJobs.stream().filter(j -> id.equals(j.sourceConnectionId()) || id.equals(j.targetConnectionId()))
                .map(Job::name).toList();
    }

    void apply(Snapshot s) {
        lastJobs = List.copyOf(s.jobs());
        // Only on change: re-rendered cells would swallow a click on their Test / Edit / Delete buttons.
        replaceIfChanged(sources, s.connections().stream().filter(c -> c.role() == ConnectionRole.SOURCE)
                .map(DashboardViewModel::item).toList());
        replaceIfChanged(targets, s.connections().stream().filter(c -> c.role() == ConnectionRole.TARGET)
                .map(DashboardViewModel::item).toList());
        applyLicense(s.license());
        // Running jobs, and jobs a stop of the service interrupted that have not resumed yet.
        running.setAll(s.jobs().stream()
                .filter(j -> j.state() == JobState.RUNNING || j.state() == JobState.QUEUED || j.state() == JobState.STOPPING
                        || s.pairs().getOrDefault(j, List.of()).stream().anyMatch(p -> p.pause() != null)
                        || interrupted(s.pairs().getOrDefault(j, List.of())) > 0)
                .map(j -> progressItem(j, s.pairs().getOrDefault(j, List.of()), clock)).toList());
        List<NewsItem> good = new ArrayList<>();
        List<NewsItem> bad = new ArrayList<>();
        List<String> derived = new ArrayList<>();
        Instant now = clock.instant();
        // The service's own alerts win; the panel adds only what the service did not raise for the same subject.
        java.util.Set<String> raised = new java.util.HashSet<>();
        s.alerts().forEach(a -> raised.add(a.kind() + ":" + a.subject()));
        s.pairs().forEach((job, list) -> {
            long stopped = interrupted(list);
            if (stopped > 0) {
                derived.add("Job '" + job.name() + "': " + (stopped == 1 ? "1 mailbox was" : stopped + " mailboxes were")
                        + " interrupted when the service stopped and " + (stopped == 1 ? "has" : "have")
                        + " not resumed; start or delta resumes " + (stopped == 1 ? "it." : "them."));
            }
            for (MailboxPair p : list) {
                news(job, p, good, bad);
                stalled(job, p, now).filter(x -> !raised.contains("MAILBOX_STALLED:" + p.id())).ifPresent(derived::add);
                if (p.pause() != null) { // in the panel's own time zone, instead of the service's alert
                    derived.add("Mailbox " + p.sourceMailbox() + " (" + job.name() + "): "
                            + Formats.paused(p.pause(), clock) + ".");
                }
            }
        });
        replaceIfChanged(goodNews, good.stream().limit(NEWS_LIMIT).toList());
        replaceIfChanged(badNews, bad.stream().limit(NEWS_LIMIT).toList());
        throughput.setAll(s.throughput());
        throttled.set(throttledText(s.throttling()));
        List<String> all = new ArrayList<>();
        s.alerts().stream().filter(a -> !PAUSED_ALERT.equals(a.kind())).forEach(a -> all.add(a.message()));
        s.connections().stream().filter(c -> c.lastTest() != null && !c.lastTest().ok())
                .filter(c -> !raised.contains("CONNECTION_FAILED:" + c.id()))
                .map(c -> (c.role() == ConnectionRole.SOURCE ? "Source" : "Target") + " connection '" + c.name()
                        + "' stopped working: " + c.lastTest().message())
                .forEach(all::add);
        all.addAll(derived);
        replaceIfChanged(alerts, all.stream().distinct().toList());
    }

    private static <T> void replaceIfChanged(ObservableList<T> list, List<T> next) {
        if (!list.equals(next)) {
            list.setAll(next);
        }
    }

    private void applyLicense(LicenseState l) {
        if (l == null) {
            license.set("License: not reported by the service");
            licenseOk.set(true);
            licenseKeyInstalled.set(false);
            return;
        }
        String seats = l.seatsTotal() > 0 ? " · " + l.seatsUsed() + " of " + l.seatsTotal() + " seats used"
                : " · " + l.seatsUsed() + (l.seatsUsed() == 1 ? " mailbox" : " mailboxes") + " started";
        license.set(l.message() != null ? l.message() : l.trial() ? "Trial" : "Licensed to " + l.licensee());
        String until = l.expiresAt() == null ? "" : (l.trial() ? "Trial ends " : "Expires ")
                + Formats.time(l.expiresAt()).split(" ")[0] + (l.trial() ? daysLeft(l.expiresAt()) : "");
        String who = l.trial() || l.licensee() == null ? "" : "Licensee " + l.licensee() + " · ";
        licenseDetail.set(who + until + seats + (l.trial() ? " · install a license key to lift the item cap" : ""));
        licenseOk.set(l.valid());
        licenseKeyInstalled.set(!l.trial());
    }

    /** " (23 days left)", " (last day)" or " (ended)". */
    private String daysLeft(Instant end) {
        long hours = Duration.between(clock.instant(), end).toHours();
        if (hours <= 0) {
            return " (ended)";
        }
        long days = (hours + 23) / 24;
        return days == 1 ? " (last day)" : " (" + days + " days left)";
    }

    static ConnectionItem item(Connection c) {
        String address = c.imap() != null ? c.imap().host() + ":" + c.imap().port()
                : c.graph() != null ? "tenant " + c.graph().tenantId()
                : c.ews() != null ? c.ews().url() : "";
        ConnectionTestResult t = c.lastTest();
        Boolean ok = t == null ? null : t.ok();
        String status = t == null ? "Not tested yet"
                : t.ok() ? "OK · tested " + Formats.time(t.testedAt()) : t.message();
        return new ConnectionItem(c, c.name(), Formats.kind(c.kind()), address, ok, status);
    }

    /**
     * "Throttled today: 4 min 10 s across 3 mailboxes · now 1 min 05 s in 1 mailbox"; empty when nothing was
     * throttled today (or the service does not say).
     */
    static String throttledText(ThrottlingSummary t) {
        if (t == null || t.todayMillis() <= 0) {
            return "";
        }
        return "Throttled today: " + DurationText.across(t.todayMillis(), t.todayMailboxes())
                + (t.runningMillis() > 0 ? " · now " + DurationText.across(t.runningMillis(), t.runningMailboxes())
                : "");
    }

    static JobProgressItem progressItem(Job j, List<MailboxPair> pairs, Clock clock) {
        Progress p = j.progress() == null ? Progress.empty() : j.progress();
        long done = pairs.stream().filter(x -> x.state() == MailboxState.COMPLETED
                || x.state() == MailboxState.COMPLETED_WITH_ISSUES || x.state() == MailboxState.FAILED).count();
        // the service's rate counts only what this pass copies: none (a delta with nothing new) shows none
        long stopped = interrupted(pairs);
        String text = (stopped == 0 ? "" : "Interrupted: " + stopped + " of " + j.mailboxCount()
                + " mailboxes stopped with the service; start or delta resumes them · ")
                + done + " of " + j.mailboxCount() + " mailboxes · " + Formats.ofTotal(p.itemsDone(), p.itemsTotal())
                + " items" + (p.bytesPerSecond() > 0 ? " · " + Formats.rate(p.bytesPerSecond()) : "")
                + (p.etaSeconds() >= 0 ? " · " + Formats.eta(p.etaSeconds()) + " left" : "")
                + (p.throttledMillis() > 0 ? " · throttled " + Formats.throttled(p.throttledMillis()) : "")
                + pausedText(pairs, clock);
        return new JobProgressItem(j.id(), j.name(), p.fraction(), text);
    }

    /** " · 1 mailbox paused by Google's daily limit — resumes at 14:05" (the soonest), or "" when none is paused. */
    static String pausedText(List<MailboxPair> pairs, Clock clock) {
        List<MailboxPair> paused = pairs.stream().filter(x -> x.pause() != null)
                .sorted(java.util.Comparator.comparing(x -> x.pause().resumeAt())).toList();
        if (paused.isEmpty()) {
            return "";
        }
        String words = Formats.paused(paused.get(0).pause(), clock);
        return " · " + paused.size() + (paused.size() == 1 ? " mailbox " : " mailboxes ")
                + Character.toLowerCase(words.charAt(0)) + words.substring(1);
    }

    /** How many of {@code pairs} a stop of the service interrupted and no pass resumed yet. */
    static long interrupted(List<MailboxPair> pairs) {
        return pairs.stream().filter(MailboxPair::interrupted).count();
    }

    static void news(Job job, MailboxPair p, List<NewsItem> good, List<NewsItem> bad) {
        Progress pr = p.progress() == null ? Progress.empty() : p.progress();
        if (p.interrupted()) {
            bad.add(new NewsItem(job.id(), p.id(), p.sourceMailbox() + " interrupted", p.error() + " · " + job.name()));
        } else if (p.state() == MailboxState.COMPLETED) {
            good.add(new NewsItem(job.id(), p.id(), p.sourceMailbox() + " finished",
                    Formats.count(pr.itemsDone()) + " items, " + Formats.bytes(pr.bytesDone()) + " → "
                            + p.targetMailbox() + " · " + job.name()));
        } else if (p.state() == MailboxState.FAILED) {
            bad.add(new NewsItem(job.id(), p.id(), p.sourceMailbox() + " failed",
                    (p.error() == null ? "No reason given." : p.error()) + " · " + job.name()));
        } else if (p.state() == MailboxState.COMPLETED_WITH_ISSUES || pr.itemsFailed() > 0) {
            String reason = p.verdict() != null ? p.verdict() : Formats.count(pr.itemsFailed()) + " items failed.";
            bad.add(new NewsItem(job.id(), p.id(), p.sourceMailbox() + ": " + Formats.count(pr.itemsFailed()) + " failed items",
                    reason + " · " + job.name()));
        }
    }

    private java.util.Optional<String> stalled(Job job, MailboxPair p, Instant now) {
        if (p.state() != MailboxState.RUNNING) {
            seen.remove(p.id());
            return java.util.Optional.empty();
        }
        long done = p.progress() == null ? 0 : p.progress().itemsDone();
        Seen last = seen.get(p.id());
        if (last == null || last.itemsDone() != done) {
            seen.put(p.id(), new Seen(done, now));
            return java.util.Optional.empty();
        }
        Duration still = Duration.between(last.since(), now);
        return still.compareTo(STALL_AFTER) >= 0
                ? java.util.Optional.of("Mailbox " + p.sourceMailbox() + " (" + job.name() + ") has not moved for "
                        + still.toMinutes() + " minutes.")
                : java.util.Optional.empty();
    }

    public Activity activity() {
        return activity;
    }

    /** Bound by the shell to its own; the view disables the dashboard while false. Turning true reloads. */
    public BooleanProperty connected() {
        return connectivity.connected();
    }

    /** Empty while connected; otherwise since when the service is away and that the figures are the last received. */
    public StringBinding lastKnownNote() {
        return connectivity.lastKnownNote();
    }

    /** The throughput card's header: the current rate, or the note that the chart shows the last figures received. */
    public StringBinding throughputHeader() {
        return throughputHeader;
    }

    /** The license card's chip: "valid", "attention", or "last known" while the service is not reached. */
    public StringBinding licenseChip() {
        return licenseChip;
    }

    public ObservableList<ConnectionItem> sources() {
        return sources;
    }

    public ObservableList<ConnectionItem> targets() {
        return targets;
    }

    public StringProperty license() {
        return license;
    }

    /** Licensee, expiry and seats, e.g. "Licensee Example GmbH · Expires 2026-01-31 · 120 of 500 seats used". */
    public StringProperty licenseDetail() {
        return licenseDetail;
    }

    public BooleanProperty licenseOk() {
        return licenseOk;
    }

    /** True while a key is installed (the card offers Remove). */
    public BooleanProperty licenseKeyInstalled() {
        return licenseKeyInstalled;
    }

    /** True while the card shows the key entry. */
    public BooleanProperty licenseEntryOpen() {
        return licenseEntryOpen;
    }

    /** The key as pasted or read from its file. */
    public StringProperty licenseKeyInput() {
        return licenseKeyInput;
    }

    public ObservableList<JobProgressItem> running() {
        return running;
    }

    public ObservableList<NewsItem> goodNews() {
        return goodNews;
    }

    public ObservableList<NewsItem> badNews() {
        return badNews;
    }

    public ObservableList<ThroughputSample> throughput() {
        return throughput;
    }

    public ObservableList<String> alerts() {
        return alerts;
    }

    /** Time lost to throttling today and by the running passes, for the running-jobs card; empty when none. */
    public StringProperty throttled() {
        return throttled;
    }
}
