package io.mailferry.service.app;

import io.mailferry.model.license.LicenseState;
import io.mailferry.service.app.license.LicensePolicy;
import io.mailferry.service.store.PairStore;
import io.mailferry.service.store.SettingStore;
import java.time.Clock;
import java.time.Instant;

/**
 * The license state for the dashboard: the trial starts at the service's first start (stored once in the
 * {@code setting} table) and seats are the distinct source mailboxes that have ever started a pass. There is no way to
 * install a key yet, so the state is always the trial's; the runner does not enforce it yet (the trial's item cap
 * and seats are the lead's call, see docs/licensing.md). Thread-safe.
 */
public final class LicenseService {
    static final String TRIAL_START = "trial_started_at";

    private final PairStore pairs;
    private final Clock clock;
    private final Instant trialStart;

    public LicenseService(SettingStore settings, PairStore pairs, Clock clock) {
        this.pairs = pairs;
        this.clock = clock;
        this.trialStart = Instant.parse(settings.putIfAbsent(TRIAL_START, clock.instant().toString()));
    }

    public LicenseState state() {
        return policy().state();
    }

    /** The policy now; the runner will ask it before starting a pair once enforcement is switched on. */
    public LicensePolicy policy() {
        return LicensePolicy.evaluate(null, trialStart, pairs.startedSourceMailboxes(), clock.instant());
    }
}
