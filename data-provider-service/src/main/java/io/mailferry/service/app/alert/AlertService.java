package io.mailferry.service.app.alert;

import io.mailferry.model.alert.AlertSettings;
import io.mailferry.model.alert.AlertSettingsRequest;
import io.mailferry.model.api.Alert;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.license.LicenseState;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.app.AppException;
import io.mailferry.service.app.JobRunner;
import io.mailferry.service.app.LicenseService;
import io.mailferry.service.app.PausedAlerts;
import io.mailferry.service.app.csv.EmailAddresses;
import io.mailferry.service.app.report.Formats;
import io.mailferry.service.store.AlertStore;
import io.mailferry.service.store.ConnectionStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert rules, checked every {@link #CHECK_EVERY} (or when {@link #check()} is called):
 * <ul>
 *   <li>{@code MAILBOX_STALLED}: a running pair whose counts have not changed for the settings' stalled time;</li>
 *   <li>{@code CONNECTION_FAILING}: {@value #FAILURES_BEFORE_ALERT} or more pairs of jobs using a connection failed
 *       within the last {@link #FAILURE_WINDOW} (the pair's error names the side: "Target ..." counts against the
 *       job's target connection, anything else against its source);</li>
 *   <li>{@code TARGET_REFUSING}: a target connection refused items that are still failed in the ledger;</li>
 *   <li>{@code LICENSE_ENDING}: the license (or trial) has run out, ends within the settings' days, or has no seat
 *       left;</li>
 *   <li>{@code MAILBOX_PAUSED}: a server's limit paused a mailbox (Google's daily limit), with the time it resumes;
 *       </li>
 *   <li>{@code DISK_LOW}: the data directory's disk has less free space than the settings' threshold.</li>
 * </ul>
 * Each condition is an alert identified by kind and subject, stored with its first and last sighting and cleared when
 * the condition ends. After each check the open alerts that no mail has named within the settings' period are mailed,
 * all in one mail, when mail is configured: so at most one mail per alert and period, across restarts. A failed mail
 * is tried again at the next check. Thread-safe.
 */
public final class AlertService implements AutoCloseable {
    public static final Duration CHECK_EVERY = Duration.ofMinutes(1);
    public static final int FAILURES_BEFORE_ALERT = 3;
    public static final Duration FAILURE_WINDOW = Duration.ofHours(1);
    /** How the engine starts the reason of an item the target refused. */
    static final String TARGET_REFUSED = "Target refused the message";
    public static final String LICENSE = "license";
    private static final Logger log = LoggerFactory.getLogger(AlertService.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final AlertStore store;
    private final JobRunner runner;
    private final ConnectionStore connections;
    private final LicenseService license;
    private final FreeSpace disk;
    private final String dataDirectory;
    private final AlertMailer mailer;
    private final Clock clock;
    private final Object checking = new Object();
    private ScheduledExecutorService timer;
    private volatile java.util.function.Supplier<List<io.mailferry.model.mailbox.MailboxPair>> paused = List::of;

    /**
     * @param disk          free space of the data directory's file store
     * @param dataDirectory the data directory, the subject of {@code DISK_LOW}
     */
    public AlertService(AlertStore store, JobRunner runner, ConnectionStore connections, LicenseService license,
            FreeSpace disk, String dataDirectory, AlertMailer mailer, Clock clock) {
        this.store = store;
        this.runner = runner;
        this.connections = connections;
        this.license = license;
        this.disk = disk;
        this.dataDirectory = dataDirectory;
        this.mailer = mailer;
        this.clock = clock;
    }

    /** Where {@code MAILBOX_PAUSED} finds the mailboxes a server's limit paused (the service's pair store). */
    public AlertService pausedFrom(java.util.function.Supplier<List<io.mailferry.model.mailbox.MailboxPair>> source) {
        this.paused = source;
        return this;
    }

    /** Checks every {@code every} on a daemon thread, the first time at once. */
    public AlertService start(Duration every) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "alert-check");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                check();
            } catch (RuntimeException e) {
                log.warn("The alert check failed; it runs again in {}", Formats.duration(every.toMillis()), e);
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Evaluates every rule now, updates the stored alerts, and mails the ones due. Returns the open alerts. */
    public List<Alert> check() {
        synchronized (checking) {
            Instant now = clock.instant();
            AlertSettings settings = store.settings();
            store.sync(evaluate(settings, now), now);
            List<Alert> open = store.open();
            mailDue(settings, open, now);
            return open;
        }
    }

    /** The alerts open now, oldest first. */
    public List<Alert> open() {
        return store.open();
    }

    /** The last {@code limit} alerts, open and cleared, newest first. */
    public List<Alert> recent(int limit) {
        return store.recent(limit);
    }

    /** The open alerts, then those of {@code computed} (the dashboard's) that are not among them. */
    public List<Alert> merged(List<Alert> computed) {
        List<Alert> open = store.open();
        Set<String> keys = open.stream().map(a -> a.kind() + "\u0000" + a.subject()).collect(Collectors.toSet());
        List<Alert> all = new ArrayList<>(open);
        computed.stream().filter(a -> !keys.contains(a.kind() + "\u0000" + a.subject())).forEach(all::add);
        return all;
    }

    /** The settings, without the password (only whether one is stored). */
    public AlertSettings settings() {
        return store.settings();
    }

    /**
     * Validates and stores new settings; the password is sealed, kept when null, removed when blank.
     *
     * @throws AppException 400 {@code validation_failed} with one sentence per problem
     */
    public AlertSettings saveSettings(AlertSettingsRequest r) {
        AlertSettings s = new AlertSettings(strip(r.host()), r.port(), r.security(), strip(r.user()), false,
                blankToNull(r.trustedCertificatePem()), strip(r.from()),
                r.recipients() == null ? List.of() : r.recipients().stream().map(AlertService::strip)
                        .filter(x -> x != null && !x.isEmpty()).toList(),
                r.periodMinutes(), r.stalledAfterMinutes(), r.diskFreeMegabytes(), r.licenseDaysBefore());
        List<String> problems = problems(s);
        if (!problems.isEmpty()) {
            throw AppException.invalid(problems);
        }
        store.saveSettings(s, r.password());
        log.info("Alert settings saved (mail {})", s.mailConfigured() ? "to " + s.recipients().size()
                + " recipient(s) through " + s.host() + ":" + s.port() : "off");
        return store.settings();
    }

    /**
     * Sends a test mail with the stored settings and says plainly how it went.
     *
     * @throws AppException 422 {@code alerts_not_configured} when no server, sender or recipient is set
     */
    public ConnectionTestResult sendTest() {
        AlertSettings s = store.settings();
        if (!s.mailConfigured()) {
            throw new AppException(AppException.Kind.UNPROCESSABLE, "alerts_not_configured",
                    "Alert mail is not set up: give the SMTP server, the sender and at least one recipient first.");
        }
        return mailer.send(s, store.password().orElse(null), "Mailferry test mail",
                "This is a test mail from Mailferry. Alerts will reach " + String.join(", ", s.recipients())
                        + " this way, at most one mail per alert every " + Formats.duration(
                        Duration.ofMinutes(s.periodMinutes()).toMillis()) + ".\n");
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    List<Alert> evaluate(AlertSettings settings, Instant now) {
        List<Alert> found = new ArrayList<>();
        Duration stalledAfter = Duration.ofMinutes(settings.stalledAfterMinutes());
        for (JobRunner.LivePair p : runner.livePairs()) {
            Duration quiet = Duration.between(p.lastChange(), now);
            if (p.state() == MailboxState.RUNNING && quiet.compareTo(stalledAfter) >= 0) {
                found.add(alert("MAILBOX_STALLED", p.pairId(), "Mailbox " + p.sourceMailbox()
                        + " has made no progress for " + Formats.duration(quiet.toMillis()) + ".", now));
            }
        }
        Map<String, String> names = new HashMap<>();
        for (Connection c : connections.list()) {
            names.put(c.id(), c.name());
        }
        connectionFailures(found, names, now);
        for (AlertStore.Refusals r : store.refusals(TARGET_REFUSED)) {
            found.add(alert("TARGET_REFUSING", r.targetConnectionId(), "Target '" + name(names,
                    r.targetConnectionId()) + "' refused " + items(r.items()) + " of " + mailboxes(r.mailboxes())
                    + ", e.g. " + r.example(), now));
        }
        found.addAll(PausedAlerts.of(paused.get(), java.time.ZoneId.systemDefault(), now));
        licenseAlert(settings, now).ifPresent(found::add);
        diskAlert(settings, now).ifPresent(found::add);
        return found;
    }

    private void connectionFailures(List<Alert> found, Map<String, String> names, Instant now) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (AlertStore.FailedPair p : store.failedSince(now.minus(FAILURE_WINDOW))) {
            boolean target = p.error() != null && p.error().regionMatches(true, 0, "target", 0, 6);
            errors.computeIfAbsent(target ? p.targetConnectionId() : p.sourceConnectionId(), k -> new ArrayList<>())
                    .add(p.error());
        }
        errors.forEach((connectionId, list) -> {
            if (list.size() >= FAILURES_BEFORE_ALERT) {
                found.add(alert("CONNECTION_FAILING", connectionId, "Connection '" + name(names, connectionId)
                        + "' failed " + list.size() + " mailboxes in the last " + Formats.duration(
                        FAILURE_WINDOW.toMillis()) + "; the latest: " + list.get(list.size() - 1), now));
            }
        });
    }

    private Optional<Alert> licenseAlert(AlertSettings settings, Instant now) {
        LicenseState state = license.state();
        String message = null;
        if (!state.valid()) {
            message = "The license has run out: " + state.message();
        } else if (state.expiresAt() != null
                && Duration.between(now, state.expiresAt()).compareTo(Duration.ofDays(settings.licenseDaysBefore())) < 0) {
            message = (state.trial() ? "The trial" : "The license") + " runs out on " + DAY.format(state.expiresAt())
                    + ": " + state.message();
        } else if (!state.trial() && state.seatsTotal() > 0 && state.seatsUsed() >= state.seatsTotal()) {
            message = "All " + state.seatsTotal() + " license seats are used: " + state.message();
        }
        return Optional.ofNullable(message).map(m -> alert("LICENSE_ENDING", LICENSE, m, now));
    }

    private Optional<Alert> diskAlert(AlertSettings settings, Instant now) {
        long threshold = settings.diskFreeMegabytes() * 1024 * 1024;
        try {
            long free = disk.usableBytes();
            if (free < threshold) {
                return Optional.of(alert("DISK_LOW", dataDirectory, "The disk of the data directory "
                        + dataDirectory + " has only " + Formats.bytes(free) + " free (alert below "
                        + Formats.bytes(threshold) + "); passes stop when it is full.", now));
            }
        } catch (IOException e) {
            log.warn("Could not read the free space of {}: {}", dataDirectory, e.getMessage());
        }
        return Optional.empty();
    }

    private void mailDue(AlertSettings settings, List<Alert> open, Instant now) {
        if (!settings.mailConfigured() || open.isEmpty()) {
            return;
        }
        Instant dueBefore = now.minus(Duration.ofMinutes(settings.periodMinutes()));
        List<Alert> due = open.stream().filter(a -> store.lastMailed(a.kind(), a.subject())
                .map(at -> !at.isAfter(dueBefore)).orElse(true)).toList();
        if (due.isEmpty()) {
            return;
        }
        String subject = due.size() == 1 ? "Mailferry alert: " + due.get(0).message()
                : "Mailferry: " + due.size() + " alerts";
        StringBuilder body = new StringBuilder();
        for (Alert a : due) {
            body.append("- ").append(a.message()).append(" (").append(a.kind()).append(", since ")
                    .append(a.firstSeen()).append(")\n");
        }
        body.append("\nMailferry mails each alert at most once every ")
                .append(Formats.duration(Duration.ofMinutes(settings.periodMinutes()).toMillis()))
                .append(" while it lasts; the dashboard shows the alerts open now.\n");
        ConnectionTestResult sent = mailer.send(settings, store.password().orElse(null), oneLine(subject),
                body.toString());
        if (sent.ok()) {
            store.markMailed(due, now);
            log.info("Mailed {} alert(s) to {}", due.size(), settings.recipients());
        } else {
            log.warn("Could not mail {} alert(s); trying again at the next check: {}", due.size(), sent.message());
        }
    }

    private static List<String> problems(AlertSettings s) {
        List<String> problems = new ArrayList<>();
        if (s.port() < 1 || s.port() > 65535) {
            problems.add("The SMTP port must be from 1 to 65535, not " + s.port() + ".");
        }
        if (s.host() != null && !s.host().matches("[A-Za-z0-9.:\\-\\[\\]]+")) {
            problems.add("The SMTP server \"" + s.host() + "\" is not a host name or address.");
        }
        boolean mail = s.host() != null && !s.host().isEmpty();
        if (mail && (s.from() == null || !EmailAddresses.isValid(s.from()))) {
            problems.add("The sender must be an email address, not \"" + (s.from() == null ? "" : s.from()) + "\".");
        }
        if (mail && s.recipients().isEmpty()) {
            problems.add("Give at least one recipient for the alert mails.");
        }
        s.recipients().stream().filter(x -> !EmailAddresses.isValid(x))
                .forEach(x -> problems.add("The recipient \"" + x + "\" is not an email address."));
        io.mailferry.service.app.PemCertificates.check(s.trustedCertificatePem(), "The SMTP server's",
                problems);
        range(problems, "The mail period", s.periodMinutes(), 1, 7 * 24 * 60, "minutes");
        range(problems, "The stalled time", s.stalledAfterMinutes(), 1, 24 * 60, "minutes");
        range(problems, "The free space threshold", s.diskFreeMegabytes(), 1, 16L * 1024 * 1024, "MB");
        range(problems, "The license warning", s.licenseDaysBefore(), 1, 365, "days");
        return problems;
    }

    private static void range(List<String> problems, String what, long value, long min, long max, String unit) {
        if (value < min || value > max) {
            problems.add(what + " must be from " + min + " to " + max + " " + unit + ", not " + value + ".");
        }
    }

    private static Alert alert(String kind, String subject, String message, Instant now) {
        return new Alert(kind, subject, message, now);
    }

    private static String name(Map<String, String> names, String id) {
        return names.getOrDefault(id, id);
    }

    private static String items(long n) {
        return Formats.count(n) + (n == 1 ? " item" : " items");
    }

    private static String mailboxes(int n) {
        return Formats.count(n) + (n == 1 ? " mailbox" : " mailboxes");
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("[\\r\\n\\t]+", " ");
        return line.length() > 200 ? line.substring(0, 199) + "…" : line;
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
