package io.mailferry.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.mailbox.MailboxPairRequest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Names with control characters are refused where they come in, in one sentence naming the field. */
class NameRulesTest {
    @Test
    void controlCharactersShouldBeFoundAndOrdinaryTextLeftAlone() {
        for (String bad : List.of("Old\nserver", "Old\u001b[2Jserver", "tab\there", "c1\u009bx", "del\u007f")) {
            assertThat(NameRules.hasControl(bad)).as(bad).isTrue();
        }
        assertThat(NameRules.hasControl("Alter Server — Zürich/日本語")).isFalse();
        assertThat(NameRules.hasControl(null)).isFalse();
    }

    @Test
    void aConnectionNameWithAnEscapeSequenceShouldBeRefused() {
        ConnectionRequest r = new ConnectionRequest("Contoso\u001b[31m", ConnectionRole.TARGET,
                ConnectionKind.MICROSOFT_365, null, new GraphSettings("contoso.onmicrosoft.com",
                        ConnectionValidatorTest.CLIENT), null, new Secret("s3cret"));
        assertThat(new ConnectionValidator().problems(r, true)).containsExactly("The connection name contains a"
                + " control character (a line break, tab or escape); type it without.");
    }

    @Test
    void aJobNameOrAPairWithALineBreakShouldBeRefusedNamingWhere() {
        JobRequest r = new JobRequest("Wave\n1", null, null, null,
                List.of(MailboxPairRequest.of("anna@old.example", "anna@new.example"),
                        MailboxPairRequest.of("bob@old.example\r\nX-Injected: 1", "bob@new.example")));
        List<String> problems = new JobValidator().problems(r, id -> Optional.empty());
        assertThat(problems).contains("The job name contains a control character (a line break, tab or escape);"
                + " type it without.", "Pair 2: the source mailbox contains a control character (a line break, tab"
                + " or escape); type it without.");
        assertThat(problems).noneMatch(p -> p.startsWith("Pair 1"));
    }

    @Test
    void overLongHostNamesShouldBeRefusedBeforeAnyLookup() {
        for (String host : List.of("a".repeat(64) + ".example.com", ("abcdefghi.").repeat(26) + "com")) {
            ConnectionRequest r = new ConnectionRequest("Old", ConnectionRole.SOURCE, ConnectionKind.IMAP,
                    new io.mailferry.model.connection.ImapSettings(host, 993,
                            io.mailferry.model.connection.ImapSecurity.TLS,
                            io.mailferry.model.connection.ImapAuthMode.PASSWORD, null, null, null), null, null,
                    null);
            assertThat(new ConnectionValidator().problems(r, true)).as(host).containsExactly("The source IMAP host"
                    + " name is too long: at most 253 characters, and at most 63 between two dots.");
        }
    }
}
