package io.mailferry.service.cli;

import io.mailferry.service.QuietLogProvider;
import io.mailferry.service.ServiceMain;
import io.mailferry.service.StartupWarmUp;
import io.mailferry.service.engine.port.FailureText;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code mailferry} command (the jar's Main-Class). Subcommands are registered in {@link #SUBCOMMANDS}, one class
 * each: adding a command = writing the class + adding it there.
 *
 * <p>Exit codes: 0 success; 1 the service refused or the operation failed (message on stderr); 2 invalid command
 * line; 3 the service is not running or does not answer.
 */
@Command(name = "mailferry", mixinStandardHelpOptions = true, versionProvider = MailferryCli.Version.class,
        description = "Mailferry moves mailboxes between mail systems without losing or duplicating an item.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the service refused the request or the operation failed",
                "2:invalid command line, or values the service refused as invalid",
                "3:the service is not running or does not answer"})
public final class MailferryCli {
    /** Every subcommand, in the order the help lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(ServeCommand.class, ConnectionsCommand.class,
            JobsCommand.class, LicenseCommand.class, DemoCommand.class, MigrateCommand.class, AlertsCommand.class,
            ReportCommand.class, ArchiveTrainingCommand.class, CommandLine.HelpCommand.class);

    static {
        // picocli looks for Groovy's Closure class when first used, and SLF4J for its logging back end, both through
        // every jar of the class path: about 30 ms of a short command's start (docs/performance.md, issue 10 part 24).
        // There is no Groovy here, and logback is the back end (named so, SLF4J would say it on standard error: its
        // own notes are kept to warnings).
        defaultProperty("picocli.disable.closures", "true");
        defaultProperty("slf4j.provider", QuietLogProvider.class.getName());
        defaultProperty("slf4j.internal.verbosity", "WARN");
    }

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("migrate") || args[0].equals(ArchiveTrainingCommand.NAME))) {
            // opens a data directory: its first-time work starts beside the reading of the arguments (and the
            // class-data archive's training does as migrate does, so that the archive holds the warm-up's classes)
            StartupWarmUp.start();
        }
        System.exit(commandLine(args).execute(args));
    }

    /** The configured command line with every subcommand (tests call {@code execute} on it with their own writers). */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The configured command line for these arguments: when the first one names a subcommand, only that one is
     * modelled — picocli reads every option of every command it holds, which was the largest part of a short
     * command's start-up (ADR 0029). Anything else (no argument, an option, {@code help}, a mistyped name) gets them
     * all, so that help lists them and a mistake is answered as before.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cli = new CommandLine(new MailferryCli());
        Class<?> named = args.length == 0 ? null : subcommandNamed(args[0]);
        for (Class<?> command : named == null ? SUBCOMMANDS : List.of(named)) {
            cli.addSubcommand(command);
        }
        SectionedOptionList.install(cli);
        cli.setOut(new PrintWriter(new TerminalSafeWriter(new OutputStreamWriter(System.out, Charset.defaultCharset())),
                true));
        cli.setErr(new PrintWriter(new TerminalSafeWriter(new OutputStreamWriter(System.err, Charset.defaultCharset())),
                true));
        cli.setUsageHelpAutoWidth(true);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            if (e instanceof CliException c) {
                cmd.getErr().println(c.getMessage());
                return c.exitCode();
            }
            String disk = FailureText.diskTrouble(e);
            if (disk != null) {
                cmd.getErr().println(disk);
                // migrate's own code for it, whenever it happens (a disk already full when the run starts, too)
                return cmd.getCommand() instanceof MigrateCommand ? MigrateCommand.STORE_FAILED : 1;
            }
            if (e instanceof IllegalStateException || e instanceof UncheckedIOException
                    || e instanceof IllegalArgumentException) {
                // our own sentences, without the library words some of them end with
                cmd.getErr().println(FailureText.plain(e, null));
                return 1;
            }
            cmd.getErr().println(FailureText.unexpected(e));
            return 1;
        });
        return cli;
    }

    private static Class<?> subcommandNamed(String name) {
        for (Class<?> command : SUBCOMMANDS) {
            Command c = command.getAnnotation(Command.class);
            if (command != CommandLine.HelpCommand.class
                    && (c.name().equals(name) || Arrays.asList(c.aliases()).contains(name))) {
                return command;
            }
        }
        return null;
    }

    private static void defaultProperty(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }

    /** {@code --version}: the jar's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"mailferry " + ServiceMain.version()};
        }
    }
}
