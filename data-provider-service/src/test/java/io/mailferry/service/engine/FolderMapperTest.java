package io.mailferry.service.engine;

import io.mailferry.service.engine.port.FolderNameRules;
import io.mailferry.service.engine.port.MailFolder;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.FolderFilter;
import io.mailferry.model.job.FolderType;
import io.mailferry.model.job.RenameRule;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FolderMapperTest {
    private static MailFolder f(FolderType type, String path) {
        return new MailFolder(path, path.replace('/', '.'), Arrays.asList(path.split("/")), '.', type, true);
    }

    private static MailFolder f(String path) {
        return f(FolderType.OTHER, path);
    }

    private static MailFolder container(String path) {
        return new MailFolder(path, path.replace('/', '.'), Arrays.asList(path.split("/")), '.', FolderType.OTHER,
                false);
    }

    private static FolderNameRules rules(boolean caseSensitive) {
        return new FolderNameRules(caseSensitive, Set.of(), "");
    }

    private static Map<String, String> map(FolderFilter filter, List<MailFolder> source, List<MailFolder> target,
            boolean caseSensitive) {
        return map(filter, source, target, rules(caseSensitive));
    }

    private static Map<String, String> map(FolderFilter filter, List<MailFolder> source, List<MailFolder> target,
            FolderNameRules rules) {
        return new FolderMapper(filter).map(source, target, rules).mappings().stream()
                .collect(Collectors.toMap(m -> m.source().displayPath(), FolderMapping::targetDisplayPath,
                        (a, b) -> a, java.util.LinkedHashMap::new));
    }

    private static Map<String, String> map(List<MailFolder> source, List<MailFolder> target) {
        return map(FolderFilter.all(), source, target, false);
    }

    @Test
    void specialFoldersShouldMapToTheTargetsOwnWhateverTheirNames() {
        List<MailFolder> source = List.of(f(FolderType.INBOX, "INBOX"), f(FolderType.SENT, "Sent Items"),
                f("Sent Items/2019"), f(FolderType.TRASH, "Gelöschte Elemente"),
                f(FolderType.JUNK, "Spam"), f(FolderType.DRAFTS, "Entwürfe"));
        List<MailFolder> target = List.of(f(FolderType.INBOX, "Posteingang"), f(FolderType.SENT, "Gesendete Objekte"),
                f(FolderType.TRASH, "Trash"), f(FolderType.DRAFTS, "Drafts"));

        assertThat(map(source, target)).containsExactly(
                Map.entry("Entwürfe", "Drafts"),
                Map.entry("Gelöschte Elemente", "Trash"),
                Map.entry("INBOX", "Posteingang"),
                Map.entry("Sent Items", "Gesendete Objekte"),
                Map.entry("Sent Items/2019", "Gesendete Objekte/2019"),
                Map.entry("Spam", "Spam")); // the target has no Junk folder: keep the source name
    }

    @Test
    void inboxSubfoldersShouldFollowTheTargetInbox() {
        assertThat(map(List.of(f(FolderType.INBOX, "INBOX"), f("INBOX/Rechnungen")),
                List.of(f(FolderType.INBOX, "Posteingang"))))
                .containsEntry("INBOX/Rechnungen", "Posteingang/Rechnungen");
        assertThat(map(List.of(f(FolderType.OTHER, "inbox")), List.of())).containsEntry("inbox", "INBOX");
    }

    @Test
    void separatorsShouldNotMatterAndSlashesInNamesStayOneSegment() {
        MailFolder dotted = new MailFolder("A/B", "A.B", List.of("A", "B"), '.', FolderType.OTHER, true);
        MailFolder slashed = new MailFolder("Q/A", "Q/A", List.of("Q/A"), '.', FolderType.OTHER, true);

        List<FolderMapping> plan = new FolderMapper(FolderFilter.all()).map(List.of(dotted, slashed), List.of(),
                rules(false)).mappings();

        assertThat(plan).extracting(FolderMapping::targetPath)
                .containsExactly(List.of("A", "B"), List.of("Q/A"));
    }

    @Test
    void nonAsciiNamesShouldPassThroughDecoded() {
        assertThat(map(List.of(f("Überblick/日本")), List.of())).containsEntry("Überblick/日本", "Überblick/日本");
    }

    @Test
    void caseCollisionsShouldBeKeptApartOnCaseInsensitiveTargets() {
        assertThat(map(List.of(f("work"), f("Work"), f("Work/Sub")), List.of())).containsExactly(
                Map.entry("Work", "Work"), Map.entry("Work/Sub", "Work/Sub"), Map.entry("work", "work (2)"));
    }

    @Test
    void aFolderExistingExactlyOnTheTargetShouldKeepItsName() {
        assertThat(map(List.of(f("work"), f("Work")), List.of(f("work")))).containsExactly(
                Map.entry("Work", "Work (2)"), Map.entry("work", "work"));
    }

    @Test
    void aTargetFolderDifferingOnlyByCaseShouldBeReused() {
        assertThat(map(List.of(f("Projects/Alpha")), List.of(f("projects")))).containsEntry("Projects/Alpha",
                "projects/Alpha");
    }

    @Test
    void caseSensitiveTargetsShouldKeepBothNames() {
        assertThat(map(FolderFilter.all(), List.of(f("work"), f("Work")), List.of(f("WORK")), true)).containsExactly(
                Map.entry("Work", "Work"), Map.entry("work", "work"));
    }

    @Test
    void namesTheTargetRefusesShouldBeReplacedUnlessTheFolderExistsThere() {
        FolderNameRules exchange = new FolderNameRules(false, Set.of("Files"), "\\");

        assertThat(map(FolderFilter.all(), List.of(f("Files"), f("Files/Sub"), f("A\\B"), f("Old\\x")),
                List.of(f("Old\\x")), exchange)).containsExactly(
                        Map.entry("A\\B", "A_B"),
                        Map.entry("Files", "Files (migrated)"),
                        Map.entry("Files/Sub", "Files (migrated)/Sub"),
                        Map.entry("Old\\x", "Old\\x"));
    }

    @Test
    void mappingShouldBeStableAcrossPasses() {
        List<MailFolder> source = List.of(f("work"), f("Work"), f("WORK"));
        Map<String, String> first = map(source, List.of());
        List<MailFolder> created = first.values().stream().map(FolderMapperTest::f).toList();

        assertThat(map(source, created)).isEqualTo(first);
        assertThat(first.values()).containsExactlyInAnyOrder("WORK", "Work (2)", "work (3)");
    }

    @Test
    void noselectContainersShouldNotBeMappedButTheirChildrenShould() {
        FolderPlan plan = new FolderMapper(FolderFilter.all()).map(List.of(container("Archiv"), f("Archiv/2019")),
                List.of(), rules(false));

        assertThat(plan.mappings()).extracting(m -> m.source().displayPath()).containsExactly("Archiv/2019");
        assertThat(plan.leftOut()).containsKey("Archiv");
    }

    @Test
    void excludeShouldLeaveOutTheFolderAndItsSubfolders() {
        FolderFilter filter = new FolderFilter(List.of(), List.of("Old"), Set.of(), List.of());

        assertThat(map(filter, List.of(f("Old"), f("Old/2019"), f("Older"), f("Keep")), List.of(), false).keySet())
                .containsExactly("Keep", "Older");
    }

    @Test
    void globsShouldDistinguishOneLevelFromAnyLevels() {
        List<MailFolder> source = List.of(f("Projects"), f("Projects/A"), f("Projects/A/Deep"), f("Other"));
        FolderFilter oneLevel = new FolderFilter(List.of("Projects/*"), List.of(), Set.of(), List.of());
        FolderFilter anyLevel = new FolderFilter(List.of("projects/**"), List.of(), Set.of(), List.of());

        assertThat(map(oneLevel, source, List.of(), false).keySet()).containsExactly("Projects/A");
        assertThat(map(anyLevel, source, List.of(), false).keySet())
                .containsExactly("Projects", "Projects/A", "Projects/A/Deep");
    }

    @Test
    void folderTypeSelectionShouldIncludeSubfoldersOfDeselectedSpecialFolders() {
        FolderFilter noTrash = new FolderFilter(List.of(), List.of(), Set.of(FolderType.INBOX, FolderType.OTHER),
                List.of());
        List<MailFolder> source = List.of(f(FolderType.INBOX, "INBOX"), f("INBOX/Sub"), f(FolderType.TRASH, "Trash"),
                f("Trash/Old"), f(FolderType.SENT, "Sent"), f("Mine"));

        assertThat(map(noTrash, source, List.of(), false).keySet()).containsExactly("INBOX", "INBOX/Sub", "Mine");
    }

    @Test
    void renamesShouldApplyFirstMatchWinsAndWinOverSpecialUse() {
        FolderFilter filter = new FolderFilter(List.of(), List.of(), Set.of(), List.of(
                new RenameRule("Projects/(.*)", "Archive/Projects/$1"),
                new RenameRule("Projects/.*", "Never"),
                new RenameRule("Sent Items", "Old Sent")));
        List<MailFolder> source = List.of(f("Projects/A"), f("Projects"), f(FolderType.SENT, "Sent Items"),
                f("Sent Items/x"));

        assertThat(map(filter, source, List.of(f(FolderType.SENT, "Sent")), false)).containsExactly(
                Map.entry("Projects", "Projects"),
                Map.entry("Projects/A", "Archive/Projects/A"),
                Map.entry("Sent Items", "Old Sent"),
                Map.entry("Sent Items/x", "Old Sent/x"));
    }
}
