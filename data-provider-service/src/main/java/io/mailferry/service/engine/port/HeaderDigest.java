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
    /** A digest per thread: looking one up in the security providers costs more than hashing these few bytes. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    });

    private HeaderDigest() {
    }

    public static String of(String date, String from, String to, String cc, String subject, long size) {
        StringBuilder sb = new StringBuilder();
        for (String v : new String[] {date, from, to, cc, subject}) {
            fold(v, sb);
            sb.append('\n');
        }
        sb.append(size);
        MessageDigest md = SHA256.get();
        md.reset();
        return HexFormat.of().formatHex(md.digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Appends {@code v} with each run of whitespace ({@code \s}: space, tab, line feed, vertical tab, form feed,
     * carriage return) made one space, trimmed as {@link String#trim} trims, in lower case (ROOT): what
     * {@code v.replaceAll("\\s+", " ").trim().toLowerCase(Locale.ROOT)} gives, in one pass without a regex. Digests
     * kept in ledgers depend on it staying exactly so.
     */
    private static void fold(String v, StringBuilder out) {
        if (v == null) {
            return;
        }
        StringBuilder sb = new StringBuilder(v.length());
        boolean pending = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r') {
                pending = true;
                continue;
            }
            if (pending) {
                sb.append(' ');
                pending = false;
            }
            sb.append(c);
        }
        out.append(sb.toString().trim().toLowerCase(Locale.ROOT));
    }
}
