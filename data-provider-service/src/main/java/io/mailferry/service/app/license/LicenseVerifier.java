package io.mailferry.service.app.license;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Verifies license keys offline. A key is {@code base64url(payload) + "." + base64url(signature)}: the payload is UTF-8
 * JSON {@code {"v":2,"product":"mailferry","licensee":"Contoso Ltd","seats":250,"expires":"2027-01-31T00:00:00Z"}},
 * the signature is Ed25519 over the ASCII bytes of the first segment (as in JWS, so no JSON canonicalisation is
 * needed). A version 1 payload (no {@code product}) was only ever issued for Mailferry and still reads (ADR 0017).
 * Padding is optional; whitespace around and inside the key (from e-mail line breaks) is ignored. A key is genuine
 * when any of the trusted public keys verifies it: the vendor's built-in one and the issuer keys an administrator
 * placed in the data directory. How keys are issued: {@code docs/licensing.md}. Expiry is not judged here but by
 * {@link LicensePolicy}, so an expired key still reads. Thread-safe.
 */
public final class LicenseVerifier {
    /**
     * Mailferry's license public key (X.509 SubjectPublicKeyInfo, DER, base64). Its private key is never in the
     * repository; see {@code docs/licensing.md} for how it was made and how to replace it.
     */
    public static final String PRODUCTION_PUBLIC_KEY = "MCowBQYDK2VwAyEAEFiuuinv4yyNmh55YRCVtc9F97G1AGQLn9jmLy62lyQ=";

    /** The {@code product} a key must name to be a Mailferry key. */
    public static final String PRODUCT = "mailferry";
    /** The payload version this build writes and reads ({@code 1} still reads). */
    public static final int VERSION = 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<PublicKey> publicKeys;

    /** @param publicKey an Ed25519 public key; tests pass one they generated */
    public LicenseVerifier(PublicKey publicKey) {
        this(List.of(publicKey));
    }

    /** @param publicKeys the Ed25519 public keys trusted to sign keys, at least one */
    public LicenseVerifier(List<PublicKey> publicKeys) {
        if (publicKeys.isEmpty()) {
            throw new IllegalArgumentException("A verifier needs at least one public key");
        }
        this.publicKeys = List.copyOf(publicKeys);
    }

    /** The verifier with only the vendor's key: {@link #PRODUCTION_PUBLIC_KEY}. */
    public static LicenseVerifier production() {
        return new LicenseVerifier(publicKey(PRODUCTION_PUBLIC_KEY));
    }

    /** The vendor's key and {@code issuers} (public keys of service providers or of a test run). */
    public static LicenseVerifier trusting(List<PublicKey> issuers) {
        List<PublicKey> all = new ArrayList<>();
        all.add(publicKey(PRODUCTION_PUBLIC_KEY));
        all.addAll(issuers);
        return new LicenseVerifier(all);
    }

    /**
     * Checks a made-up signature against the vendor's key: the first-time work of Ed25519, done by a command on a thread
     * of its own while it reads its arguments ({@code StartupWarmUp}).
     */
    public static void warmUp() {
        try {
            signatureMatches(publicKey(PRODUCTION_PUBLIC_KEY), "warm-up", new byte[64]);
        } catch (InvalidLicenseException e) {
            // no Ed25519 here: checking a key says so, on the thread that needs it
        }
    }

    /**
     * Reads a public key file as {@code openssl pkey -pubout} writes it (PEM "PUBLIC KEY"), or its base64 DER alone.
     *
     * @throws IllegalArgumentException when the text is no Ed25519 public key
     */
    public static PublicKey publicKeyFromText(String text) {
        String base64 = text.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s+", "");
        return publicKey(base64);
    }

    /** Decodes an Ed25519 public key in base64 X.509 DER, as {@code openssl pkey -pubout -outform DER} writes it. */
    public static PublicKey publicKey(String base64Der) {
        try {
            return KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64Der)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Not an Ed25519 public key in base64 X.509 form", e);
        }
    }

    /**
     * Checks the signature and reads the statement.
     *
     * @throws InvalidLicenseException when the key is malformed, signed by another key, or altered
     */
    public LicenseKey verify(String key) throws InvalidLicenseException {
        String compact = key == null ? "" : key.replaceAll("\\s+", "");
        int dot = compact.indexOf('.');
        if (dot <= 0 || dot != compact.lastIndexOf('.') || dot == compact.length() - 1) {
            throw new InvalidLicenseException("The license key is incomplete: copy the whole key, both parts around"
                    + " the dot.");
        }
        String payloadPart = compact.substring(0, dot);
        byte[] payload;
        byte[] signature;
        try {
            payload = Base64.getUrlDecoder().decode(payloadPart);
            signature = Base64.getUrlDecoder().decode(compact.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidLicenseException("The license key contains characters a key never has; copy it again.",
                    e);
        }
        if (!signatureMatches(payloadPart, signature)) {
            throw new InvalidLicenseException("The license key is not genuine: its signature does not match.");
        }
        return read(payload);
    }

    private boolean signatureMatches(String payloadPart, byte[] signature) throws InvalidLicenseException {
        for (PublicKey publicKey : publicKeys) {
            if (signatureMatches(publicKey, payloadPart, signature)) {
                return true;
            }
        }
        return false;
    }

    private static boolean signatureMatches(PublicKey publicKey, String payloadPart, byte[] signature)
            throws InvalidLicenseException {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(payloadPart.getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(signature);
        } catch (java.security.SignatureException e) {
            return false; // a signature of the wrong length or shape is simply not a match
        } catch (GeneralSecurityException e) {
            throw new InvalidLicenseException("The license key cannot be checked on this Java runtime (no Ed25519).",
                    e);
        }
    }

    private static LicenseKey read(byte[] payload) throws InvalidLicenseException {
        try {
            JsonNode json = JSON.readTree(payload);
            int version = json == null ? 0 : json.path("v").asInt();
            if (version != 1 && version != VERSION) {
                throw new InvalidLicenseException(InvalidLicenseException.NEWER_FORMAT,
                        "The license key is of a newer format; update Mailferry to use it.", null);
            }
            String product = version == 1 ? PRODUCT : json.path("product").asText("");
            if (!PRODUCT.equals(product)) {
                throw new InvalidLicenseException(InvalidLicenseException.WRONG_PRODUCT, "The license key is for "
                        + (product.isBlank() ? "no named product" : "another product (" + clean(product) + ")")
                        + ", not for Mailferry; ask your vendor for a Mailferry key.", null);
            }
            String licensee = json.path("licensee").asText("");
            int seats = json.path("seats").asInt(0);
            Instant expires = Instant.parse(json.path("expires").asText(""));
            if (licensee.isBlank() || seats < 1) {
                throw new InvalidLicenseException("The license key names no licensee or no seats.");
            }
            return new LicenseKey(licensee, seats, expires);
        } catch (IOException | DateTimeParseException e) {
            throw new InvalidLicenseException("The license key is signed but its content cannot be read.", e);
        }
    }

    /** A product name from the key, safe to put in a sentence (no control characters, not too long). */
    private static String clean(String text) {
        String plain = text.replaceAll("\\p{Cntrl}", "?");
        return plain.length() > 40 ? plain.substring(0, 40) + "…" : plain;
    }
}
