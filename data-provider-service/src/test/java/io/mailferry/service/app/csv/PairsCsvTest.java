package io.mailferry.service.app.csv;

import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.connection.Secret;
import io.mailferry.model.mailbox.CsvImportResult;
import io.mailferry.model.mailbox.CsvImportResult.RowError;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.Progress;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairsCsvTest {
    private final PairsCsv csv = new PairsCsv();

    @Test
    void parseShouldReadMicrosoftImapFile() {
        CsvImportResult result = csv.parse("""
                EmailAddress,UserName,Password
                terrya@contoso.edu,contoso\\terry.adams,1091990
                annb@contoso.edu,ann.beebe,"p,w ""x"" "
                """);

        assertThat(result.format()).isEqualTo("microsoft-imap");
        assertThat(result.errors()).isEmpty();
        assertThat(result.pairs()).containsExactly(
                new MailboxPairRequest("contoso\\terry.adams", "terrya@contoso.edu", "contoso\\terry.adams",
                        new Secret("1091990"), null, null),
                new MailboxPairRequest("ann.beebe", "annb@contoso.edu", "ann.beebe", new Secret("p,w \"x\" "), null,
                        null));
    }

    @Test
    void parseShouldKeepAdministratorLoginsAsSourceUserAndNameTheUserMailbox() {
        CsvImportResult result = csv.parse("""
                EmailAddress,UserName,Password,UserRoot
                terrya@contoso.edu,terry.adams*mailadmin,secret,
                annb@contoso.edu,contoso-students/mailadmin/ann.beebe,secret,
                """);

        assertThat(result.errors()).isEmpty();
        assertThat(result.pairs()).extracting(MailboxPairRequest::sourceMailbox, MailboxPairRequest::sourceUser)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("terry.adams", "terry.adams*mailadmin"),
                        org.assertj.core.groups.Tuple.tuple("ann.beebe", "contoso-students/mailadmin/ann.beebe"));
    }

    @Test
    void parseShouldKeepUserRootAsSourceRootAndNameTheMailboxAfterIt() {
        CsvImportResult result = csv.parse("""
                EmailAddress,UserName,Password,UserRoot
                terrya@contoso.edu,mailadmin,secret,/users/terry.adams
                annb@contoso.edu,mailadmin,secret,users/ann.beebe/
                """);

        assertThat(result.errors()).isEmpty();
        assertThat(result.pairs()).containsExactly(
                new MailboxPairRequest("terry.adams", "terrya@contoso.edu", "mailadmin", new Secret("secret"), null,
                        null, "users/terry.adams"),
                new MailboxPairRequest("ann.beebe", "annb@contoso.edu", "mailadmin", new Secret("secret"), null,
                        null, "users/ann.beebe"));
    }

    @Test
    void parseShouldReadSourceRootOfThePairsLayout() {
        CsvImportResult result = csv.parse("""
                SourceMailbox,TargetMailbox,SourceUser,SourcePassword,SourceRoot
                anna,anna@new.example,mailadmin,secret,/users/anna/
                bob,bob@new.example,,,
                """);

        assertThat(result.errors()).isEmpty();
        assertThat(result.pairs()).extracting(MailboxPairRequest::sourceRoot).containsExactly("users/anna", null);
    }

    @Test
    void parseShouldReadPairsFileWithAndWithoutCredentials() {
        CsvImportResult result = csv.parse("""
                SourceMailbox,TargetMailbox,SourceUser,SourcePassword,TargetUser,TargetPassword
                anna@old.example,anna@new.example,,,,
                bob,bob@new.example,bob,s1,admin@new.example,t1
                """);

        assertThat(result.format()).isEqualTo("pairs");
        assertThat(result.errors()).isEmpty();
        assertThat(result.pairs()).containsExactly(
                MailboxPairRequest.of("anna@old.example", "anna@new.example"),
                new MailboxPairRequest("bob", "bob@new.example", "bob", new Secret("s1"), "admin@new.example",
                        new Secret("t1")));
    }

    @Test
    void parseShouldAcceptTwoColumnPairsFile() {
        CsvImportResult result = csv.parse("SourceMailbox,TargetMailbox\nanna@old.example,anna@new.example\n");

        assertThat(result.errors()).isEmpty();
        assertThat(result.pairs()).containsExactly(MailboxPairRequest.of("anna@old.example", "anna@new.example"));
    }

    @Test
    void parseShouldTolerateBomCaseSpacesSemicolonsAndColumnOrder() {
        CsvImportResult result = csv.parse(
                "\uFEFF  targetmailbox ; SOURCEMAILBOX \r\n anna@new.example ; anna@old.example \r\n");

        assertThat(result.format()).isEqualTo("pairs");
        assertThat(result.errors()).isEmpty();
        assertThat(result.pairs()).containsExactly(MailboxPairRequest.of("anna@old.example", "anna@new.example"));
    }

    @Test
    void parseShouldRejectUnknownHeaderWithOneErrorNamingTheExpectedHeaders() {
        CsvImportResult result = csv.parse("From,To\nanna@old.example,anna@new.example\nbob@x.org\n");

        assertThat(result.format()).isNull();
        assertThat(result.pairs()).isEmpty();
        assertThat(result.errors()).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(1);
            assertThat(error.reason())
                    .contains("EmailAddress,UserName,Password[,UserRoot]")
                    .contains("SourceMailbox,TargetMailbox[,SourceUser,SourcePassword,TargetUser,TargetPassword,"
                            + "SourceRoot]");
        });
    }

    @Test
    void parseShouldNotRepeatAHeaderlessFirstRowBecauseItMayHoldAPassword() {
        CsvImportResult result = csv.parse("anna@old.example,anna@new.example,anna,S3cret-Row-Pw,,\n");

        assertThat(result.errors()).singleElement().satisfies(error -> assertThat(error.reason())
                .startsWith("The first row is not a header Mailferry knows")
                .doesNotContain("S3cret-Row-Pw").doesNotContain("anna"));
    }

    @Test
    void parseShouldNameMissingAndUnknownColumnsOfARecognisedHeader() {
        CsvImportResult result = csv.parse("EmailAddress,UserName,Passwort\n");

        assertThat(result.errors()).singleElement().satisfies(error -> assertThat(error.reason())
                .contains("Unknown column \"Passwort\"").contains("missing column Password"));
    }

    @Test
    void parseShouldRejectHeaderWithColumnTwice() {
        CsvImportResult result = csv.parse("SourceMailbox,TargetMailbox,targetmailbox\n");

        assertThat(result.errors()).singleElement().satisfies(error ->
                assertThat(error.reason()).contains("appears twice"));
    }

    @Test
    void parseShouldReportEmptyFile() {
        assertThat(csv.parse("\n  \n").errors()).containsExactly(new RowError(1,
                "The file is empty; expected a header EmailAddress,UserName,Password[,UserRoot] (Microsoft IMAP "
                        + "migration) or SourceMailbox,TargetMailbox[,SourceUser,SourcePassword,TargetUser,"
                        + "TargetPassword,SourceRoot] (pairs)."));
    }

    @Test
    void parseShouldReportEveryBadRowByPhysicalLineAndKeepTheGoodOnes() {
        CsvImportResult result = csv.parse("""
                EmailAddress,UserName,Password
                ,anna,secret

                anna@,anna2,secret
                bob@contoso.edu,bob,
                carl@contoso.edu,carl,secret,extra
                dora@contoso.edu,dora
                erin@contoso.edu,anna,secret
                ,,
                fred@contoso.edu,fred,"multi
                line"
                gina@contoso.edu,gina,secret
                """);

        assertThat(result.errors()).extracting(RowError::line).containsExactly(2L, 4L, 5L, 6L, 7L, 8L);
        assertThat(result.errors().get(0).reason()).isEqualTo("Missing target address (EmailAddress).");
        assertThat(result.errors().get(1).reason()).isEqualTo("Invalid email address \"anna@\" in EmailAddress.");
        assertThat(result.errors().get(2).reason()).isEqualTo(
                "No password for UserName \"bob\": fill in the Password column.");
        assertThat(result.errors().get(3).reason()).contains("4 values but the header has 3 columns (too many");
        assertThat(result.errors().get(4).reason()).contains("2 values but the header has 3 columns (too few");
        assertThat(result.errors().get(5).reason())
                .isEqualTo("Duplicate source mailbox \"anna\" (also on line 2).");
        assertThat(result.pairs()).extracting(MailboxPairRequest::targetMailbox)
                .containsExactly("fred@contoso.edu", "gina@contoso.edu");
        assertThat(result.pairs().get(0).sourcePassword()).isEqualTo(new Secret("multi\nline"));
    }

    @Test
    void parseShouldGiveAllReasonsOfOneRowInOneError() {
        CsvImportResult result = csv.parse("""
                SourceMailbox,TargetMailbox,SourceUser,SourcePassword,TargetUser,TargetPassword
                anna@old,,anna,,,secret
                """);

        assertThat(result.errors()).containsExactly(new RowError(2, "Invalid email address \"anna@old\" in "
                + "SourceMailbox; missing target mailbox (TargetMailbox); no password for SourceUser "
                + "\"anna\": fill in the SourcePassword column; TargetPassword is given without a TargetUser."));
    }

    @Test
    void parseShouldFindDuplicateSourcesIgnoringCase() {
        CsvImportResult result = csv.parse("""
                SourceMailbox,TargetMailbox
                Anna@Old.example,anna@new.example
                anna@old.example,anna2@new.example
                """);

        assertThat(result.pairs()).hasSize(1);
        assertThat(result.errors()).containsExactly(
                new RowError(3, "Duplicate source mailbox \"anna@old.example\" (also on line 2)."));
    }

    @Test
    void parseShouldAcceptPlainLoginsButNotSpacesInPairsFile() {
        CsvImportResult result = csv.parse(
                "SourceMailbox,TargetMailbox\nanna,anna@new.example\nanna smith,b@new.example\n");

        assertThat(result.pairs()).containsExactly(MailboxPairRequest.of("anna", "anna@new.example"));
        assertThat(result.errors()).containsExactly(
                new RowError(3, "Source mailbox \"anna smith\" contains a space."));
    }

    @Test
    void parseShouldReportUnterminatedQuoteAndGoOnWithTheNextLine() {
        CsvImportResult result = csv.parse("""
                SourceMailbox,TargetMailbox
                anna@old.example,anna@new.example
                "bob@old.example,bob@new.example
                carl@old.example,carl@new.example
                """);

        assertThat(result.errors()).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(3);
            assertThat(error.reason()).startsWith("Unterminated quote");
        });
        assertThat(result.pairs()).extracting(MailboxPairRequest::sourceMailbox)
                .containsExactly("anna@old.example", "carl@old.example");
    }

    @Test
    void aHeaderWithAnUnterminatedQuoteShouldBeNamedInPlainWords() {
        CsvImportResult result = csv.parse("\"SourceMailbox,TargetMailbox\nanna@old.example,anna@new.example\n");

        assertThat(result.pairs()).isEmpty();
        assertThat(result.errors()).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(1);
            assertThat(error.reason()).startsWith("The header row cannot be read: unterminated quote: a value starts "
                    + "with \" but is never closed; expected a header ").doesNotContain("Exception")
                    .doesNotContain("EOF reached");
        });
    }

    @Test
    void parseShouldReportTextAfterClosingQuoteAndGoOn() {
        CsvImportResult result = csv.parse("""
                SourceMailbox,TargetMailbox

                "anna"@old.example,anna@new.example
                carl@old.example,carl@new.example
                """);

        assertThat(result.errors()).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(3);
            assertThat(error.reason()).startsWith("Text after a closing quote");
        });
        assertThat(result.pairs()).extracting(MailboxPairRequest::sourceMailbox).containsExactly("carl@old.example");
    }

    @Test
    void parseShouldIgnoreTrailingEmptyHeaderColumnFromSpreadsheets() {
        CsvImportResult result = csv.parse("SourceMailbox;TargetMailbox;\na@old.example;a@new.example;\n");

        assertThat(result.errors()).isEmpty();
        assertThat(result.pairs()).hasSize(1);
    }

    @Test
    void parseShouldNeverPutPasswordsIntoReasons() {
        CsvImportResult result = csv.parse("SourceMailbox,TargetMailbox,SourceUser,SourcePassword,TargetUser,"
                + "TargetPassword\nanna@,x@new.example,,TopSecret1,,\n");

        assertThat(result.errors()).singleElement().satisfies(error ->
                assertThat(error.reason()).doesNotContain("TopSecret1"));
    }

    @Test
    void parseShouldReadFromReader() throws IOException {
        CsvImportResult result = csv.parse(
                new StringReader("SourceMailbox,TargetMailbox\na@old.example,a@new.example"));

        assertThat(result.pairs()).containsExactly(MailboxPairRequest.of("a@old.example", "a@new.example"));
    }

    @Test
    void parseShouldRefuseHugeReader() {
        Reader endless = new Reader() {
            @Override
            public int read(char[] buffer, int offset, int length) {
                java.util.Arrays.fill(buffer, offset, offset + length, 'x');
                return length;
            }

            @Override
            public void close() {
            }
        };

        assertThatThrownBy(() -> csv.parse(endless)).isInstanceOf(IOException.class).hasMessageContaining("larger");
    }

    @Test
    void exportShouldWriteHeaderAndNoPasswords() {
        String out = csv.export(List.of(pair("anna@old.example", "anna@new.example", "anna", "admin@new.example"),
                pair("b,\"x\"@old.example", "b@new.example", null, null)));

        assertThat(out).isEqualTo("SourceMailbox,TargetMailbox,SourceUser,SourcePassword,TargetUser,TargetPassword\r\n"
                + "anna@old.example,anna@new.example,anna,,admin@new.example,\r\n"
                + "\"b,\"\"x\"\"@old.example\",b@new.example,,,,\r\n");
    }

    @Test
    void exportThenParseShouldGiveTheSamePairs() {
        List<MailboxPair> pairs = List.of(pair("anna@old.example", "anna@new.example", null, null),
                pair("bob", "Bob.Smith@new.example", null, null),
                pair("carl@old.example", "carl@new.example", null, null));

        CsvImportResult result = csv.parse(csv.export(pairs));

        assertThat(result.errors()).isEmpty();
        assertThat(result.pairs()).extracting(MailboxPairRequest::sourceMailbox, MailboxPairRequest::targetMailbox)
                .containsExactlyElementsOf(pairs.stream()
                        .map(p -> org.assertj.core.groups.Tuple.tuple(p.sourceMailbox(), p.targetMailbox())).toList());
    }

    @Test
    void exportShouldNeutraliseFormulaCellsAndImportShouldReadThemBackAsTyped() {
        List<MailboxPair> pairs = List.of(pair("=cmd", "anna@new.example", null, null),
                pair("-bob", "+bob@new.example", null, null));

        String out = csv.export(pairs);

        assertThat(out).contains("\r\n'=cmd,anna@new.example,").contains("\r\n'-bob,'+bob@new.example,");
        CsvImportResult back = csv.parse(out);
        assertThat(back.errors()).isEmpty();
        assertThat(back.pairs()).extracting(MailboxPairRequest::sourceMailbox, MailboxPairRequest::targetMailbox)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("=cmd", "anna@new.example"),
                        org.assertj.core.groups.Tuple.tuple("-bob", "+bob@new.example"));
    }

    @Test
    void exportShouldWriteSourceRootsWhenAPairHasOneAndReadThemBack() {
        MailboxPair rooted = new MailboxPair("p1", "j1", "anna", "anna@new.example", null, null, false, false,
                MailboxState.NEW, Progress.empty(), null, null, null, null, "users/anna");
        String out = csv.export(List.of(rooted, pair("bob", "bob@new.example", null, null)));

        assertThat(out).startsWith("SourceMailbox,TargetMailbox,SourceUser,SourcePassword,TargetUser,TargetPassword,"
                + "SourceRoot\r\nanna,anna@new.example,,,,,users/anna\r\n");
        assertThat(csv.parse(out).pairs()).extracting(MailboxPairRequest::sourceRoot)
                .containsExactly("users/anna", null);
    }

    @Test
    void exportedPairsWithOwnLoginsShouldAskPerLineForTheMissingPasswordsOnImport() {
        CsvImportResult result = csv.parse(csv.export(List.of(
                pair("bob@old.example", "bob@new.example", null, null),
                pair("anna@old.example", "anna@new.example", "anna", "anna@new.example"),
                pair("carl@old.example", "carl@new.example", null, "carl@new.example"))));

        assertThat(result.errors()).containsExactly(
                new RowError(3, "No password for SourceUser \"anna\": fill in the SourcePassword column; no password"
                        + " for TargetUser \"anna@new.example\": fill in the TargetPassword column."),
                new RowError(4, "No password for TargetUser \"carl@new.example\": fill in the TargetPassword column."));
        assertThat(result.pairs()).extracting(MailboxPairRequest::sourceMailbox).containsExactly("bob@old.example");
    }

    @Test
    void exportedPairsWithPasswordsFilledInShouldImportWithTheirLogins() {
        String exported =
                csv.export(List.of(pair("anna@old.example", "anna@new.example", "anna", "admin@new.example")));
        String filledIn = exported.replace("anna,,admin@new.example,", "anna,Old-Pw1,admin@new.example,New-Pw2");

        CsvImportResult result = csv.parse(filledIn);

        assertThat(result.errors()).isEmpty();
        assertThat(result.pairs()).singleElement().isEqualTo(new MailboxPairRequest("anna@old.example",
                "anna@new.example", "anna", new Secret("Old-Pw1"), "admin@new.example", new Secret("New-Pw2")));
    }

    private static MailboxPair pair(String source, String target, String sourceUser, String targetUser) {
        return new MailboxPair("p1", "j1", source, target, sourceUser, targetUser, sourceUser != null,
                targetUser != null, MailboxState.NEW, Progress.empty(), null, null, null, null);
    }
}
