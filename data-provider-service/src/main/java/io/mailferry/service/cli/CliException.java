package io.mailferry.service.cli;

/** Ends a command with a plain message on stderr and a non-zero exit code (see {@link MailferryCli}). */
final class CliException extends RuntimeException {
    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
