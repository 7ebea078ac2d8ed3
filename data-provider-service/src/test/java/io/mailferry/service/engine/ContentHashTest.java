package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.service.engine.port.ContentHash;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The ledger's content hash (ADR 0038): the CRC-32C and CRC-32 of the bytes, and pending writes recorded by older
 * versions (hex SHA-256) still recognised.
 */
class ContentHashTest {
    private static final byte[] CHECK = "123456789".getBytes(StandardCharsets.US_ASCII);

    @Test
    void theHashShouldBeBothCrcsOfTheBytes() {
        // the standard check values: CRC-32C("123456789") = e3069283 (RFC 3720 B.4), CRC-32 = cbf43926
        assertThat(ContentHash.of(CHECK)).isEqualTo("crc:e3069283cbf43926");
        assertThat(ContentHash.of(("xx123456789yy").getBytes(StandardCharsets.US_ASCII), 2, 9))
                .isEqualTo("crc:e3069283cbf43926");
    }

    @Test
    void piecesShouldHashAsTheWhole() {
        ContentHash h = new ContentHash();
        h.update(CHECK, 0, 4);
        h.update(CHECK, 4, 5);
        assertThat(h.value()).isEqualTo(ContentHash.of(CHECK));
    }

    @Test
    void aStoredItemShouldMatchWhatThisVersionOrAnOlderOneRecorded() throws Exception {
        ContentHash.Computed stored = ContentHash.ofStored(new ByteArrayInputStream(CHECK));
        String olderVersion = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CHECK));

        assertThat(stored.matches("crc:e3069283cbf43926")).isTrue();
        assertThat(stored.matches(olderVersion)).isTrue();
        assertThat(stored.matches(ContentHash.of("123456780".getBytes(StandardCharsets.US_ASCII)))).isFalse();
        assertThat(stored.matches(olderVersion.substring(1) + "0")).isFalse();
        assertThat(stored.matches(null)).isFalse();
    }
}
