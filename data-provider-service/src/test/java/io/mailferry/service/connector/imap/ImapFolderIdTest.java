package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A folder's id names one path: names holding the "/" that joins them, or the "\" that escapes it, stay apart. */
class ImapFolderIdTest {
    @Test
    void idsOfPathsWithoutSlashOrBackslashShouldStayAsTheyWere() {
        assertThat(ImapFolders.id(List.of("INBOX"))).isEqualTo("INBOX");
        assertThat(ImapFolders.id(List.of("Archive", "2022", "Q1 & Q2"))).isEqualTo("Archive/2022/Q1 & Q2");
        assertThat(ImapFolders.id(List.of("Dossiers.2024", "Rapport (v1.2)"))).isEqualTo("Dossiers.2024/Rapport (v1.2)");
    }

    @Test
    void everyPathShouldHaveAnIdOfItsOwn() {
        List<List<String>> paths = List.of(List.of("a/b"), List.of("a", "b"), List.of("a\\", "b"), List.of("a\\/b"),
                List.of("a\\", "/b"), List.of("a\\\\", "b"), List.of("a/", "b"), List.of("a", "/b"), List.of("/a/b"),
                List.of("", "a", "b"), List.of("a", "b", ""));
        assertThat(paths.stream().map(ImapFolders::id).collect(Collectors.toSet())).hasSameSizeAs(paths);
    }
}
