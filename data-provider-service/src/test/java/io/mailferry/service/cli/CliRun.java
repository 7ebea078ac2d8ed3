package io.mailferry.service.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code mailferry} command line in this JVM and keeps its exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err, long millis) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = MailferryCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        long start = System.nanoTime();
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString(), (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * The lines of the help under {@code heading} (a line of its own, e.g. {@code "Source IMAP server:"}) up to the
     * next such line; empty when no line is the heading.
     */
    String section(String heading) {
        StringBuilder lines = new StringBuilder();
        boolean in = false;
        for (String line : out.split("\\R")) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
                if (in) {
                    break;
                }
                in = line.equals(heading);
            } else if (in) {
                lines.append(line).append('\n');
            }
        }
        return lines.toString();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + " in " + millis + " ms\n--- out\n" + out + "--- err\n" + err;
    }
}
