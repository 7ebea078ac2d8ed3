package io.mailferry.service.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line models only the subcommand it is asked for (start-up, ADR 0029), and reads the same. */
class MailferryCliTest {

    @Test
    void aSubcommandNamedFirstShouldBeTheOnlyOneModelled() {
        assertEquals(Set.of("migrate"),
                MailferryCli.commandLine(new String[] {"migrate", "--help"}).getSubcommands().keySet());
        assertEquals(Set.of("jobs"), MailferryCli.commandLine(new String[] {"jobs", "list"}).getSubcommands().keySet());
    }

    @Test
    void noArgumentAnOptionHelpOrAMistypedNameShouldGetEverySubcommand() {
        Set<String> all = MailferryCli.commandLine().getSubcommands().keySet();
        assertTrue(all.containsAll(List.of("serve", "connections", "jobs", "license", "demo", "migrate", "alerts",
                "report", "help")), all.toString());
        for (String[] args : List.of(new String[0], new String[] {"--help"}, new String[] {"help", "migrate"},
                new String[] {"migrat"})) {
            assertEquals(all, MailferryCli.commandLine(args).getSubcommands().keySet(), String.join(" ", args));
        }
    }

    @Test
    void theArchiveTrainingShouldMigrateOneMailboxTwiceAndManyOnceSilentlyAndStayOutOfTheHelp() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.out;
        int exit;
        System.setOut(new java.io.PrintStream(out, true));
        try {
            CommandLine cli = MailferryCli.commandLine(new String[] {"archive-training"});
            exit = cli.execute("archive-training");
        } finally {
            System.setOut(before);
        }
        assertEquals(0, exit, "both passes of one mailbox and the pairs file's pass between the embedded demo servers ran to their report");
        assertEquals("", out.toString(), "nothing printed");

        java.io.StringWriter help = new java.io.StringWriter();
        CommandLine all = MailferryCli.commandLine();
        all.setOut(new java.io.PrintWriter(help));
        all.execute("--help");
        assertTrue(help.toString().contains("migrate"), help.toString());
        assertTrue(!help.toString().contains("archive-training"), help.toString());
    }

    @Test
    void aSubcommandModelledAloneShouldReadAsAmongAllTheOthers() {
        CommandLine alone = MailferryCli.commandLine(new String[] {"migrate"}).getSubcommands().get("migrate");
        CommandLine amongAll = MailferryCli.commandLine().getSubcommands().get("migrate");
        assertEquals(amongAll.getUsageMessage(CommandLine.Help.Ansi.OFF), alone.getUsageMessage(CommandLine.Help.Ansi.OFF));
        assertEquals(amongAll.isCaseInsensitiveEnumValuesAllowed(), alone.isCaseInsensitiveEnumValuesAllowed());
        assertTrue(alone.isCaseInsensitiveEnumValuesAllowed());
    }
}
