package io.mailferry.service.testing;

import io.mailferry.service.ServiceMain;
import io.mailferry.service.app.license.IssuerKeys;
import io.mailferry.service.app.license.LicenseVerifier;
import io.mailferry.service.store.Database;
import io.mailferry.service.store.LicenseStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

/**
 * Issues license keys in tests with a throwaway Ed25519 pair; the production key is never used. {@link #licensed}
 * gives a data directory what an administrator of a licensed service has: this run's issuer public key in
 * {@code license-issuers/} and a key it signed installed in the database, so tests, the benchmark and the crash runs
 * migrate whole mailboxes instead of the trial's 10 items per folder.
 */
public final class TestLicenses {
    /** The licensee of the keys {@link #licensed} installs. */
    public static final String LICENSEE = "Mailferry test run";
    /** Seats of the keys {@link #licensed} installs: more than any test or benchmark migrates. */
    public static final int SEATS = 1_000_000;
    private static final TestLicenses RUN = new TestLicenses();
    private static final String ISSUER_FILE = "test-run.pem";

    public final KeyPair pair;

    /** A new throwaway issuer (tests of a forged key make a second one). */
    public TestLicenses() {
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The issuer of this test run (one per JVM). */
    public static TestLicenses ofThisRun() {
        return RUN;
    }

    /** A verifier that trusts the vendor's key and this issuer. */
    public LicenseVerifier verifier() {
        return LicenseVerifier.trusting(java.util.List.of(pair.getPublic()));
    }

    /** A Mailferry key (payload version 2) for {@code licensee}. */
    public String issue(String licensee, int seats, Instant expires) {
        return issue("{\"v\":2,\"product\":\"mailferry\",\"licensee\":\"" + licensee + "\",\"seats\":" + seats
                + ",\"expires\":\"" + expires + "\"}");
    }

    /** Signs {@code json} as the payload of a key, whatever it says. */
    public String issue(String json) {
        return issue(json, pair.getPrivate());
    }

    public static String issue(String json, PrivateKey key) {
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(payload.getBytes(StandardCharsets.US_ASCII));
            return payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The issuer's public key as {@code openssl pkey -pubout} writes it. */
    public String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    /** Places this issuer's public key in {@code dataDir/license-issuers/} (the service reads it at start). */
    public void trustIn(Path dataDir) {
        try {
            Path dir = Files.createDirectories(dataDir.resolve(IssuerKeys.DIRECTORY));
            Files.writeString(dir.resolve(ISSUER_FILE), publicKeyPem());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Licenses {@code dataDir} before a service or {@code migrate} opens it: trusts this run's issuer there and
     * installs a key of {@value #SEATS} seats valid for ten years unless one is installed; does nothing when it was
     * licensed before (a restart must find the database as the service left it). Returns {@code dataDir}.
     */
    public static Path licensed(Path dataDir) {
        if (Files.exists(dataDir.resolve(IssuerKeys.DIRECTORY).resolve(ISSUER_FILE))) {
            return dataDir; // licensed before (a restart): the database is the service's now
        }
        RUN.trustIn(dataDir);
        try (Database db = Database.open(dataDir.resolve(ServiceMain.DATABASE_FILE))) {
            LicenseStore store = new LicenseStore(db);
            if (store.key().isEmpty()) { // a directory given to a benchmark may hold a key of its own: kept
                store.saveKey(RUN.issue(LICENSEE, SEATS, Instant.now().plusSeconds(3650L * 86_400)), Instant.now());
            }
        }
        return dataDir;
    }
}
