package io.mailferry.service.cli;

import io.mailferry.service.engine.port.FailureText;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Files the command line reads (passwords, certificates, keys, CSV files) and writes (reports, exports), with plain
 * sentences when that fails: the JDK's message is often only the path ("ca.pem: ca.pem") or the decoder's ("Input
 * length = 1"), so the cause is told by the exception's type.
 */
final class CliFiles {
    private CliFiles() {
    }

    /**
     * The file's UTF-8 text without the byte-order mark Windows editors put first (Notepad, PowerShell's
     * {@code -Encoding UTF8}), which would otherwise become part of a password or of the first address; a {@link
     * CliException} (exit 2) "{@code what} does not exist." and the like.
     */
    static String readText(Path file, String what) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (MalformedInputException e) {
            throw usage(what + " is not UTF-8 text.");
        } catch (IOException e) {
            throw usage(what + " " + whyNotRead(e, file) + ".");
        }
    }

    /** The file's bytes; a {@link CliException} (exit 2) as for {@link #readText}. */
    static byte[] readBytes(Path file, String what) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw usage(what + " " + whyNotRead(e, file) + ".");
        }
    }

    /** Writes {@code text}; a {@link CliException} with {@code exitCode}: "Cannot write the report to F: ...". */
    static void writeText(Path file, String text, String what, int exitCode) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            String why = e instanceof NoSuchFileException ? "its folder does not exist"
                    : e instanceof AccessDeniedException ? "permission denied"
                    : Files.isDirectory(file) ? "it is a directory"
                    : FailureText.diskTrouble(e) != null ? "the disk is full or read-only" : reason(e);
            throw new CliException(exitCode, "Cannot write the " + what + " to " + file + ": " + why + ".");
        }
    }

    private static String whyNotRead(IOException e, Path file) {
        if (e instanceof NoSuchFileException) {
            return "does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "is not readable (permission denied)";
        }
        if (Files.isDirectory(file)) {
            return "is a directory, not a file";
        }
        return "cannot be read: " + reason(e);
    }

    /** The system's reason without the path it repeats ("Input/output error"), or a sentence when it gives none. */
    private static String reason(IOException e) {
        String reason = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        return reason == null || reason.isBlank() ? "the system refused it" : reason;
    }

    private static CliException usage(String message) {
        return SideOptions.usage(message);
    }
}
