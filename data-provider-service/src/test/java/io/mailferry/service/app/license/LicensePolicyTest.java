package io.mailferry.service.app.license;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.license.LicenseState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LicensePolicyTest {
    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    private static final LicenseKey KEY = new LicenseKey("Contoso Ltd", 3, Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void trialShouldRunThirtyDaysWithTenItemsPerFolder() {
        LicensePolicy policy = LicensePolicy.evaluate(null, T0, 57, T0.plus(Duration.ofDays(7)));

        assertThat(policy.state()).isEqualTo(new LicenseState(true, null, 0, 57, T0.plus(Duration.ofDays(30)), true,
                "Trial: 23 days left, 10 items per folder."));
        assertThat(policy.canStart(false)).isTrue();
        assertThat(policy.maxItemsPerFolder()).isEqualTo(10);
    }

    @Test
    void trialShouldStartNowWhenNothingHasRunYet() {
        LicensePolicy policy = LicensePolicy.evaluate(null, null, 0, T0);

        assertThat(policy.state().expiresAt()).isEqualTo(T0.plus(Duration.ofDays(30)));
        assertThat(policy.state().message()).isEqualTo("Trial: 30 days left, 10 items per folder.");
    }

    @Test
    void lastTrialHoursShouldCountAsOneDay() {
        LicensePolicy policy = LicensePolicy.evaluate(null, T0, 0, T0.plus(Duration.ofDays(30)).minusSeconds(60));

        assertThat(policy.state().message()).startsWith("Trial: 1 day left");
    }

    @Test
    void expiredTrialShouldStopEverythingWithAPlainMessage() {
        LicensePolicy policy = LicensePolicy.evaluate(null, T0, 5, T0.plus(Duration.ofDays(30)));

        assertThat(policy.state().valid()).isFalse();
        assertThat(policy.state().message())
                .isEqualTo("The 30-day trial ended on 2025-03-31; enter a license key to continue.");
        assertThat(policy.canStart(true)).isFalse();
        assertThat(policy.startRefusal(true)).contains(policy.state().message());
        assertThat(policy.maxItemsPerFolder()).isZero();
    }

    @Test
    void licenseShouldLiftTheItemCapAndCountSeats() {
        LicensePolicy policy = LicensePolicy.evaluate(KEY, T0, 1, T0);

        assertThat(policy.state()).isEqualTo(new LicenseState(false, "Contoso Ltd", 3, 1, KEY.expiresAt(), true,
                "Licensed to Contoso Ltd: 1 of 3 seats used, valid until 2026-01-01."));
        assertThat(policy.canStart(false)).isTrue();
        assertThat(policy.maxItemsPerFolder()).isEqualTo(LicensePolicy.UNLIMITED);
    }

    @Test
    void exhaustedSeatsShouldStopOnlyMailboxesNotYetCounted() {
        LicensePolicy policy = LicensePolicy.evaluate(KEY, T0, 3, T0);

        assertThat(policy.state().valid()).isTrue();
        assertThat(policy.state().message()).contains("all 3 seats are used");
        assertThat(policy.canStart(true)).isTrue();
        assertThat(policy.canStart(false)).isFalse();
        assertThat(policy.startRefusal(false)).hasValueSatisfying(reason ->
                assertThat(reason).startsWith("All 3 license seats are used"));
    }

    @Test
    void expiredLicenseShouldStopEverythingEvenWithATrialStart() {
        LicensePolicy policy = LicensePolicy.evaluate(KEY, KEY.expiresAt().minusSeconds(1), 0, KEY.expiresAt());

        assertThat(policy.state().trial()).isFalse();
        assertThat(policy.state().valid()).isFalse();
        assertThat(policy.state().message())
                .isEqualTo("The license for Contoso Ltd expired on 2026-01-01; enter a new key to continue.");
        assertThat(policy.canStart(true)).isFalse();
        assertThat(policy.maxItemsPerFolder()).isZero();
    }
}
