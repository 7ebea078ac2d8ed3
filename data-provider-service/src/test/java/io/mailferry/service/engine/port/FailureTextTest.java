package io.mailferry.service.engine.port;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

class FailureTextTest {
    @Test
    void aFullDiskAnywhereInTheCausesShouldBeNamedWithItsPath() {
        Exception e = new IllegalStateException("wrapped",
                new UncheckedIOException(new FileSystemException("/var/tmp/mailferry-42.eml", null,
                        "No space left on device")));
        assertThat(FailureText.unexpected(e)).isEqualTo("Mailferry could not write to /var/tmp/mailferry-42.eml: the"
                + " disk is full. Free some space and run the pass again; what was copied is kept and is not copied"
                + " twice.");
    }

    @Test
    void theEmbeddedDatabasesWordsForAFullOrReadOnlyDiskShouldBeRecognised() {
        assertThat(FailureText.unexpected(new RuntimeException(new IOException(
                "[SQLITE_FULL] Insertion failed because database is full (database or disk is full)"))))
                .startsWith("Mailferry could not write to its data directory or temporary files: the disk is full.");
        assertThat(FailureText.unexpected(new RuntimeException(
                "[SQLITE_READONLY] Attempt to write a readonly database (attempt to write a readonly database)")))
                .endsWith("the file system is read-only.");
        assertThat(FailureText.unexpected(new AccessDeniedException("/srv/mailferry/mailferry.db")))
                .isEqualTo("Mailferry could not write to /srv/mailferry/mailferry.db: the service's user may not"
                        + " write there.");
    }

    @Test
    void anythingElseShouldBeAnInternalErrorWithoutClassNamesOrLibraryWords() {
        String text = FailureText.unexpected(new IndexOutOfBoundsException("Index 3 out of bounds for length 3"));
        assertThat(text).isEqualTo("Mailferry failed unexpectedly (an internal error); the service log has the"
                + " details.");
        assertThat(FailureText.diskTrouble(new NullPointerException())).isNull();
    }

    @Test
    void aTemporaryFileThatCannotBeWrittenShouldBeDiskTroubleNamingTheTemporaryDirectory() {
        String full = FailureText.temporaryFile(new java.io.IOException("No space left on device"), "/var/tmp");
        assertThat(full).isEqualTo("Mailferry could not write to its temporary directory /var/tmp: the disk is full."
                + " Free some space and run the pass again; what was copied is kept and is not copied twice.");
        assertThat(FailureText.isDiskTrouble(full)).isTrue();

        String other = FailureText.temporaryFile(new java.io.IOException("Input/output error"), "/var/tmp");
        assertThat(other).startsWith("Mailferry could not write to its temporary directory /var/tmp: ")
                .doesNotContain("Input/output error");
        assertThat(FailureText.isDiskTrouble(other)).isTrue();
    }

    @Test
    void plainShouldKeepOurSentenceAndDropTheLibraryWordsItEndsWith() {
        java.io.IOException cause = new java.io.IOException("/srv/mf/service.lock: Input/output error");
        assertThat(FailureText.plain(new java.io.UncheckedIOException("Could not lock the data directory /srv/mf: "
                + cause.getMessage(), cause), null)).isEqualTo("Could not lock the data directory /srv/mf.");
        assertThat(FailureText.plain(new IllegalStateException("Another Mailferry service is already running with"
                + " the data directory /srv/mf."), null))
                .isEqualTo("Another Mailferry service is already running with the data directory /srv/mf.");
        assertThat(FailureText.plain(new IllegalStateException("[SQLITE_IOERR] disk I/O error"), null))
                .isEqualTo(FailureText.unexpected(new RuntimeException()));
        assertThat(FailureText.plain(new IllegalStateException((String) null), null))
                .isEqualTo(FailureText.unexpected(new RuntimeException()));
        assertThat(FailureText.plain(new IllegalStateException("Could not open the database /srv/mf/mailferry.db",
                new java.sql.SQLException("[SQLITE_FULL] database or disk is full")), "/srv/mf"))
                .startsWith("Mailferry could not write to its data directory /srv/mf: the disk is full.");
    }

    @Test
    void runningOutOfMemoryShouldNameTheHeapsCapAndWhereToRaiseIt() {
        String text = FailureText.unexpected(new IllegalStateException(new OutOfMemoryError("Java heap space")));
        assertThat(text).startsWith("Mailferry ran out of memory during this mailbox's pass (its Java heap may hold "
                + (JavaHeap.capBytes() >> 20) + " MB); what it copied is recorded")
                .contains("JAVA_TOOL_OPTIONS in the installed service's settings",
                        "for a command, MAILFERRY_JAVA_OPTS, or JAVA_TOOL_OPTIONS on Windows and macOS")
                .doesNotContain("Error", "java.");
        assertThat(FailureText.outOfMemory(640L << 20)).contains("(its Java heap may hold 640 MB)");
        assertThat(FailureText.outOfMemory(Long.MAX_VALUE))
                .startsWith("Mailferry ran out of memory during this mailbox's pass; what it copied is recorded");
    }

    @Test
    void networkCausesShouldBeNamedAnywhereInTheChainAndNothingElse() {
        assertThat(FailureText.networkCause(new java.io.IOException("wrapped",
                new javax.net.ssl.SSLHandshakeException("PKIX path building failed"))))
                .startsWith("could not be reached over TLS");
        assertThat(FailureText.networkCause(new javax.net.ssl.SSLException("Tag mismatch")))
                .isEqualTo("closed the connection (the TLS session broke off)");
        assertThat(FailureText.networkCause(new RuntimeException(new java.net.UnknownHostException("x.invalid"))))
                .isEqualTo("could not be found (the host name does not resolve)");
        assertThat(FailureText.networkCause(new java.net.SocketTimeoutException("Read timed out")))
                .isEqualTo("did not answer in time");
        assertThat(FailureText.networkCause(new java.io.IOException("Connection reset"))).isNull();
    }
}
