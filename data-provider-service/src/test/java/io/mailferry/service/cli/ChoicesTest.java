package io.mailferry.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A value outside an option's choices is named with the choices, never with a Java class name. */
class ChoicesTest {
    @Test
    void aWrongChoiceShouldListTheRightOnesInPlainWords() {
        assertRefused("'src' is no role; use source or target.", "connections", "add", "--name", "x", "--role", "src");
        assertRefused("'ssl' is no security mode; use none, starttls or tls.", "connections", "add", "--name", "x",
                "--security", "ssl");
        assertRefused("'foo' is no connection kind; use imap, microsoft-365, gmail or exchange.", "connections", "add",
                "--kind", "foo");
        assertRefused("'kerberos' is no Exchange sign-in; use basic or ntlm.", "connections", "add", "--kind",
                "exchange", "--ews-auth", "kerberos");
        assertRefused("'pdf' is no report format; use text, csv or html.", "report", "overall", "--format", "pdf");
    }

    @Test
    void rightChoicesShouldBeReadInAnyCase() {
        assertThat(Choices.of(io.mailferry.model.connection.ConnectionRole.class, "Target", "role"))
                .isEqualTo(io.mailferry.model.connection.ConnectionRole.TARGET);
    }

    private static void assertRefused(String sentence, String... args) {
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(sentence).doesNotContain("Exception").doesNotContain("No enum constant");
    }
}
