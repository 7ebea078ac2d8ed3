package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A folder's id names one path (ADR 0049), and keeps the id it had wherever that was not ambiguous. */
class ImapFolderIdTest {
    @Test
    void idsOfNamesWithoutSlashShouldStayAsTheyWere() {
        assertThat(ImapFolders.id(List.of("INBOX"))).isEqualTo("INBOX");
        assertThat(ImapFolders.id(List.of("Archive", "2022", "Q1 & Q2"))).isEqualTo("Archive/2022/Q1 & Q2");
        assertThat(ImapFolders.id(List.of("Dossiers.2024", "Rapport (v1.2)"))).isEqualTo("Dossiers.2024/Rapport (v1.2)");
        assertThat(ImapFolders.id(List.of("Clients\\Acme", "c\\d\\e"))).isEqualTo("Clients\\Acme/c\\d\\e");
    }

    @Test
    void aSlashInsideANameShouldNotReadAsALevel() {
        assertThat(ImapFolders.id(List.of("a/b"))).isEqualTo("a\\/b").isNotEqualTo(ImapFolders.id(List.of("a", "b")));
        assertThat(ImapFolders.id(List.of("a\\", "b"))).isEqualTo("a\\\\/b");
    }

    /** Every path of up to three names of up to three characters from {a, /, \}, and the empty name. */
    @Test
    void everyPathShouldHaveAnIdOfItsOwn() {
        List<String> names = new ArrayList<>(List.of(""));
        for (int length = 1; length <= 3; length++) {
            List<String> longer = new ArrayList<>();
            for (String n : names) {
                if (n.length() == length - 1) {
                    for (char c : new char[] {'a', '/', '\\'}) {
                        longer.add(n + c);
                    }
                }
            }
            names.addAll(longer);
        }
        Map<String, List<String>> seen = new HashMap<>();
        List<List<String>> paths = new ArrayList<>();
        for (String a : names) {
            paths.add(List.of(a));
            for (String b : names) {
                paths.add(List.of(a, b));
                for (String c : names) {
                    paths.add(List.of(a, b, c));
                }
            }
        }
        for (List<String> path : paths) {
            List<String> other = seen.putIfAbsent(ImapFolders.id(path), path);
            assertThat(other).as("%s and %s share the id %s", path, other, ImapFolders.id(path)).isNull();
        }
        assertThat(seen).hasSize(paths.size());
    }
}
