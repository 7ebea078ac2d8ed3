package io.mailferry.service.engine.port;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Crash reconciliation by content (DESIGN.md, step 4; ADR 0038): interrupted writes recognised among the items that
 * arrived after their marks by their bytes' hash — the hash this version records, or the hex SHA-256 an older version
 * recorded before an upgrade.
 */
class ArrivalMatcherTest {
    private static final Map<String, byte[]> STORED = Map.of("t10", bytes("one"), "t11", bytes("two"),
            "t12", bytes("three"), "t13", bytes("two"));

    @Test
    void writesShouldBeRecognisedByTheHashOfThisVersionOrOfAnOlderOne() throws Exception {
        List<PendingWrite> pending = List.of(
                write(ContentHash.of(bytes("three")), "mid:<gone-3@x>"),
                write(sha256(bytes("one")), "mid:<gone-1@x>"), // recorded by a version before ADR 0038
                write(ContentHash.of(bytes("nowhere")), "mid:<gone-4@x>"));

        List<String> matched = ArrivalMatcher.match(pending, new long[] {10, 10, 10}, candidates(), this::hash);

        assertThat(matched).containsExactly("t12", "t10", null);
    }

    @Test
    void twoIdenticalWritesShouldTakeTwoItemsAndNoneBelowItsMark() throws Exception {
        List<PendingWrite> pending = List.of(write(ContentHash.of(bytes("two")), "mid:<a@x>"),
                write(ContentHash.of(bytes("two")), "mid:<b@x>"), write(ContentHash.of(bytes("one")), "mid:<c@x>"));

        List<String> matched = ArrivalMatcher.match(pending, new long[] {10, 10, 11}, candidates(), this::hash);

        assertThat(matched).containsExactly("t11", "t13", null);
    }

    private ContentHash.Computed hash(ItemRef item) {
        try {
            return ContentHash.ofStored(new ByteArrayInputStream(STORED.get(item.id())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<ItemRef> candidates() {
        return STORED.keySet().stream().sorted().map(id -> ItemRef.message(id, Long.parseLong(id.substring(1)),
                STORED.get(id).length, null, null, "<" + id + "@target>", "h-" + id, null, null)).toList();
    }

    private static PendingWrite write(String hash, String dedupKey) {
        return new PendingWrite("7:10", hash, 3, dedupKey, null);
    }

    private static byte[] bytes(String s) {
        return ("Subject: " + s + "\r\n\r\n" + s + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
