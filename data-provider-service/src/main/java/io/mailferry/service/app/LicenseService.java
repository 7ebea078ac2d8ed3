package io.mailferry.service.app;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.GmailSettings;
import io.mailferry.model.license.LicenseState;
import io.mailferry.service.app.license.InvalidLicenseException;
import io.mailferry.service.app.license.LicenseKey;
import io.mailferry.service.app.license.LicensePolicy;
import io.mailferry.service.app.license.LicenseVerifier;
import io.mailferry.service.store.LicenseStore;
import io.mailferry.service.store.SettingStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The license in force (docs/licensing.md, ADR 0017): installs and removes the key, and admits passes. The trial starts
 * at the data directory's first start (stored once in the {@code setting} table); a seat is taken, once and for good,
 * by each source mailbox the first time a pass for it begins ({@link #began}), the admission ({@link #admit}) having
 * held it until then; the installed key is verified again at every start of the service, so a key whose issuer key was
 * removed from the data directory stops counting. Thread-safe: admitting, beginning and installing are serialised, so
 * two starts cannot both get the last seat.
 */
public final class LicenseService {
    /** The setting that holds when the trial began (the data directory's first start). */
    public static final String TRIAL_START = "trial_started_at";
    private static final Logger log = LoggerFactory.getLogger(LicenseService.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final LicenseStore store;
    private final LicenseVerifier verifier;
    private final Clock clock;
    private final Instant trialStart;
    /** The last stored key text read and what verifying it gave, so each poll does not verify again. */
    private volatile Verified verified;
    /**
     * Seats admitted passes hold for mailboxes not counted before whose pass has not begun yet, by normalized identity:
     * how many admitted passes hold each (guarded by this). A seat is taken when the mailbox's pass begins
     * ({@link #began}), so that a pass stopped before it reaches a mailbox, or a schedule's period ending after 10 of
     * 1,000, takes no seat for the others; meanwhile these count against the key so that two passes cannot both be
     * admitted for the last seat. Kept in memory: after a crash nothing is held.
     */
    private final Map<String, Integer> reserved = new HashMap<>();

    private record Verified(String text, LicenseKey key, String refusal) {
    }

    /** @param verifier trusts the vendor's key and the data directory's issuer keys */
    public LicenseService(SettingStore settings, LicenseStore store, LicenseVerifier verifier, Clock clock) {
        this.store = store;
        this.verifier = verifier;
        this.clock = clock;
        this.trialStart = Instant.parse(settings.putIfAbsent(TRIAL_START, clock.instant().toString()));
    }

    /**
     * The seat identity of a source mailbox: {@code "<kind>:<server>/<mailbox>"} (the store ignores case). A Gmail
     * connection that names no host reaches Gmail's own, so a second connection to the same account is the same seat.
     */
    public static String seat(Connection source, String mailbox) {
        String server = source.imap() != null ? source.imap().host()
                : source.kind() == ConnectionKind.GMAIL ? GmailSettings.IMAP_HOST
                : source.graph() != null ? source.graph().tenantId()
                : source.ews() != null ? source.ews().url() : source.id();
        return source.kind().name() + ":" + server + "/" + mailbox.strip();
    }

    public LicenseState state() {
        return policy().state();
    }

    /** The policy now. */
    public LicensePolicy policy() {
        int seatsUsed = store.seatsUsed();
        Instant now = clock.instant();
        Optional<String> text = store.key();
        if (text.isEmpty()) {
            return LicensePolicy.evaluate(null, trialStart, seatsUsed, now);
        }
        Verified v = verify(text.get());
        return v.key != null ? LicensePolicy.evaluate(v.key, trialStart, seatsUsed, now)
                : LicensePolicy.untrusted("The installed license key is no longer accepted: " + v.refusal
                        + " Install a valid key, or remove it to return to the trial.", seatsUsed);
    }

    /**
     * Verifies and installs a key, replacing the one installed before; nothing changes when it is refused.
     *
     * @throws AppException 422 {@code license_invalid} (incomplete, altered, signed by an untrusted key),
     *                      {@code license_wrong_product}, {@code license_newer_format} or {@code license_expired}
     */
    public synchronized LicenseState install(String keyText) {
        String compact = keyText == null ? "" : keyText.replaceAll("\\s+", "");
        LicenseKey key;
        try {
            key = verifier.verify(compact);
        } catch (InvalidLicenseException e) {
            throw new AppException(AppException.Kind.UNPROCESSABLE, e.code(),
                    e.getMessage() + " The license in use has not changed.");
        }
        if (!clock.instant().isBefore(key.expiresAt())) {
            throw new AppException(AppException.Kind.UNPROCESSABLE, "license_expired", "This license key for "
                    + key.licensee() + " expired on " + DAY.format(key.expiresAt()) + "; ask for a new key. The"
                    + " license in use has not changed.");
        }
        store.saveKey(compact, clock.instant());
        log.info("License key installed: {}, {} seats, valid until {}", key.licensee(), key.seats(),
                key.expiresAt());
        return state();
    }

    /** Removes the installed key (the trial's rules apply again; seats stay taken); idempotent. */
    public synchronized LicenseState remove() {
        if (store.removeKey()) {
            log.info("License key removed");
        }
        return state();
    }

    /**
     * Admits a pass of the given source mailboxes ({@link #seat} identities, one per mailbox pair): holds a seat for
     * each one that has none yet, all or none — each then takes it when its pass begins ({@link #began}) or gives the
     * hold back ({@link #notBegun}), once per pair — and returns how many items per folder it may copy
     * ({@link LicensePolicy#UNLIMITED} with a key).
     *
     * @throws AppException 422 {@code trial_ended}, {@code license_expired}, {@code license_untrusted} or
     *                      {@code license_seats_exhausted}, with a sentence naming the cause and what to do; nothing
     *                      is held then
     */
    public synchronized int admit(Collection<String> sources) {
        LicensePolicy policy = policy();
        java.util.Set<String> unseated = store.withoutSeat(sources);
        long fresh = unseated.stream().filter(s -> !reserved.containsKey(s)).count();
        Optional<String> refusal = policy.startRefusal((int) fresh, reserved.size());
        if (refusal.isPresent()) {
            String code = !policy.state().valid()
                    ? (policy.state().trial() ? "trial_ended"
                            : policy.licensed() ? "license_expired" : "license_untrusted")
                    : "license_seats_exhausted";
            String readable = code.equals("license_seats_exhausted") ? "" : " Reports of earlier passes stay readable.";
            throw new AppException(AppException.Kind.UNPROCESSABLE, code, refusal.get() + readable);
        }
        // one hold per pair (two pairs may name the same mailbox), each given back or turned into the seat once
        sources.stream().map(LicenseStore::normal).filter(unseated::contains)
                .forEach(s -> reserved.merge(s, 1, Integer::sum));
        return policy.maxItemsPerFolder();
    }

    /**
     * The pass of the source mailbox {@code source} (a {@link #seat} identity it was admitted with) begins: it takes its
     * seat now, once, for good; a reservation for it is no longer needed by anyone.
     */
    public synchronized void began(String source) {
        String key = LicenseStore.normal(source);
        if (!reserved.containsKey(key)) {
            return; // it held its seat at admission (or another pass took it since): nothing to write
        }
        try {
            store.takeSeats(java.util.List.of(source), clock.instant());
        } finally {
            reserved.remove(key); // taken, or the pass fails on this write: no hold either way
        }
    }

    /** The admitted pass of {@code source} ended without beginning (stopped while queued): its reservation goes. */
    public synchronized void notBegun(String source) {
        reserved.computeIfPresent(LicenseStore.normal(source), (s, n) -> n <= 1 ? null : n - 1);
    }

    /** Of {@code sources} ({@link #seat} identities), those that hold a seat already (their passes take none). */
    public synchronized java.util.Set<String> seated(Collection<String> sources) {
        return new java.util.HashSet<>(store.seated(sources));
    }

    private Verified verify(String text) {
        Verified v = verified;
        if (v != null && v.text.equals(text)) {
            return v;
        }
        try {
            v = new Verified(text, verifier.verify(text), null);
        } catch (InvalidLicenseException e) {
            log.warn("The installed license key is not accepted: {}", e.getMessage());
            v = new Verified(text, null, e.getMessage());
        }
        verified = v;
        return v;
    }
}
