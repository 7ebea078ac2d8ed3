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
import java.util.Base64;
import java.util.Objects;

/**
 * Verifies license keys offline. A key is {@code base64url(payload) + "." + base64url(signature)}: the payload is UTF-8
 * JSON {@code {"v":1,"licensee":"Contoso Ltd","seats":250,"expires":"2027-01-31T00:00:00Z"}}, the signature is
 * Ed25519 over the ASCII bytes of the first segment (as in JWS, so no JSON canonicalisation is needed). Padding is
 * optional; whitespace around and inside the key (from e-mail line breaks) is ignored. How keys are issued:
 * {@code docs/licensing.md}. Expiry is not judged here but by {@link LicensePolicy}, so an expired key still reads.
 * Thread-safe.
 */
public final class LicenseVerifier {
    /**
     * Mailferry's license public key (X.509 SubjectPublicKeyInfo, DER, base64). Its private key is never in the
     * repository; see {@code docs/licensing.md} for how it was made and how to replace it.
     */
    public static final String PRODUCTION_PUBLIC_KEY = "MCowBQYDK2VwAyEAEFiuuinv4yyNmh55YRCVtc9F97G1AGQLn9jmLy62lyQ=";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PublicKey publicKey;

    /** @param publicKey an Ed25519 public key; tests pass one they generated */
    public LicenseVerifier(PublicKey publicKey) {
        this.publicKey = Objects.requireNonNull(publicKey);
    }

    /** The verifier the service uses: {@link #PRODUCTION_PUBLIC_KEY}. */
    public static LicenseVerifier production() {
        return new LicenseVerifier(publicKey(PRODUCTION_PUBLIC_KEY));
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
            if (json == null || json.path("v").asInt() != 1) {
                throw new InvalidLicenseException("The license key is of a newer format; update Mailferry to use it.");
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
}
