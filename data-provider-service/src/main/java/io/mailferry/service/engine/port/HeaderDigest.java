package io.mailferry.service.engine.port;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The identity of a message without a Message-ID: a digest of its Date, From, To, Cc and Subject headers (raw values,
 * whitespace folded) and its size. Every connector computes it the same way so both sides agree.
 */
public final class HeaderDigest {
    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

    private HeaderDigest() {
    }

    public static String of(String date, String from, String to, String cc, String subject, long size) {
        StringBuilder sb = new StringBuilder();
        for (String v : new String[] {date, from, to, cc, subject}) {
            sb.append(fold(v)).append('\n');
        }
        sb.append(size);
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private static String fold(String v) {
        return v == null ? "" : WHITESPACE.matcher(v).replaceAll(" ").trim().toLowerCase(Locale.ROOT);
    }
}
