package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.service.engine.port.ItemState;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class ImapProtocolHelpersTest {
    @Test
    void uidSetShouldCompressRanges() {
        assertThat(UidSet.of(List.of(9L, 1L, 2L, 3L, 5L, 10L, 3L))).isEqualTo("1:3,5,9:10");
    }

    @Test
    void appendUidsShouldExpandSingleAndMultiAppendAnswers() {
        assertThat(ImapAppender.appendUids("[APPENDUID 1700 42] Append completed.")).containsExactly(42L);
        assertThat(ImapAppender.appendUids("[APPENDUID 1700 5:7,9] Append completed.")).containsExactly(5L, 6L, 7L, 9L);
        assertThat(ImapAppender.appendUids("Append completed.")).isEmpty();
        assertThat(ImapAppender.appendUidValidity("[APPENDUID 1700 5:7,9] Append completed.")).isEqualTo(1700L);
        assertThat(ImapAppender.appendUidValidity("Append completed.")).isZero();
    }

    @Test
    void anAppendsDateShouldBeRfc3501sDateTimeInUtcAndReadBackAsTheSameInstant() throws Exception {
        java.time.Instant at = java.time.Instant.parse("2021-05-06T07:08:09.750Z");
        assertThat(ImapAppender.internalDate(at)).isEqualTo("06-May-2021 07:08:09 +0000");
        assertThat(ImapAppender.internalDate(java.time.Instant.parse("1999-12-31T23:59:59Z")))
                .isEqualTo("31-Dec-1999 23:59:59 +0000");
        assertThat(ImapAppender.internalDate(java.time.Instant.parse("1969-07-20T20:17:40Z")))
                .isEqualTo("20-Jul-1969 20:17:40 +0000");
        assertThat(ImapAppender.internalDate(java.time.Instant.parse("0999-01-02T03:04:05Z")))
                .isEqualTo("02-Jan-0999 03:04:05 +0000");
        // four digits or nothing: a year outside 1..9999 is written as the nearest within
        assertThat(ImapAppender.internalDate(java.time.Instant.parse("-0001-06-01T00:00:00Z")))
                .isEqualTo("01-Jan-0001 00:00:00 +0000");
        assertThat(ImapAppender.internalDate(java.time.Instant.parse("+10000-06-01T00:00:00Z")))
                .isEqualTo("31-Dec-9999 23:59:59 +0000");
        for (long s = 0; s < 4_000_000_000L; s += 86_399_937L) { // every month, day, hour, minute and second turn up
            java.time.Instant t = java.time.Instant.ofEpochSecond(s);
            // Angus's own reading of an INTERNALDATE, as a FETCH answer is read
            jakarta.mail.internet.MailDateFormat angus = new jakarta.mail.internet.MailDateFormat();
            assertThat(angus.parse(ImapAppender.internalDate(t).replaceFirst("-", " ").replaceFirst("-", " ")).toInstant())
                    .isEqualTo(t);
        }
    }

    @Test
    void aMessageIdShouldLoseItsWhitespaceExactlyAsTheRegexBeforeIt() {
        java.util.regex.Pattern whitespace = java.util.regex.Pattern.compile("\\s+");
        java.util.Random random = new java.util.Random(7);
        char[] alphabet = {'<', '>', '@', 'a', '.', ' ', '\t', '\n', '\r', '\f', '\u000B', '\u00A0', '\u2003', 'é'};
        for (int n = 0; n < 2000; n++) {
            StringBuilder id = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                id.append(alphabet[random.nextInt(alphabet.length)]);
            }
            assertThat(ImapItems.compact(id.toString())).isEqualTo(whitespace.matcher(id).replaceAll(""));
        }
        assertThat(ImapItems.compact(null)).isNull();
        String plain = "<abc@example.org>";
        assertThat(ImapItems.compact(plain)).isSameAs(plain);
    }

    @Test
    void appendFlagListShouldDropRecentAndInvalidKeywords() {
        Set<String> flags = new LinkedHashSet<>(List.of("\\Seen", "\\Recent", "$Forwarded", "bad word", "\\Bogus"));
        assertThat(ImapFlags.appendList(flags)).isEqualTo("(\\Seen $Forwarded)");
        assertThat(ImapFlags.appendList(Set.of("\\Recent"))).isNull();
    }

    @Test
    void idsShouldBeSpeltUidValidityColonUid() {
        assertThat(ImapIds.item(1700, 42)).isEqualTo("1700:42");
        assertThat(ImapIds.item(1700, 0)).as("no APPENDUID").isNull();
        assertThat(ImapIds.item(0, 42)).isNull();
        assertThat(ImapIds.numbers("1700:43:9")).containsExactly(1700L, 43L, 9L);
        assertThat(ImapIds.numbers("1700")).isNull();
        assertThat(ImapIds.numbers("1:2:3:4")).isNull();
        assertThat(ImapIds.numbers("AAMkAG:x")).isNull();
        assertThat(ImapIds.numbers(null)).isNull();
        assertThat(ImapIds.uid("1700:42", 1700)).isEqualTo(42);
        assertThat(ImapIds.uid("1699:42", 1700)).as("another UID space").isZero();
        assertThat(ImapIds.uid("1700:42:7", 1700)).as("a token is no item").isZero();
        assertThat(ImapItems.uids(List.of("5:9", "5:3", "6:1", "junk", "5:3"), 5)).containsExactly(3L, 9L);
    }

    @Test
    void flagsShouldMapToTheNeutralStateAndBack() {
        Flags flags = new Flags();
        flags.add(Flags.Flag.SEEN);
        flags.add(Flags.Flag.FLAGGED);
        flags.add(Flags.Flag.ANSWERED);
        flags.add(Flags.Flag.DRAFT);
        flags.add(Flags.Flag.DELETED);
        flags.add(Flags.Flag.RECENT);
        flags.add("$forwarded");
        flags.add("Work");

        ItemState state = ImapFlags.toState(flags);

        assertThat(state).isEqualTo(new ItemState(true, true, true, true, true, true, Set.of("Work")));
        assertThat(ImapFlags.toFlags(state)).containsExactlyInAnyOrder("\\Seen", "\\Flagged", "\\Answered",
                "\\Draft", "\\Deleted", "$Forwarded", "Work");
        assertThat(ImapFlags.toState(new Flags())).isEqualTo(ItemState.NONE);
        assertThat(ImapFlags.toState(null)).isEqualTo(ItemState.NONE);
        assertThat(ImapFlags.storeList(ImapFlags.toFlags(ItemState.NONE))).isEqualTo("()");
    }

    @Test
    void classifyShouldFindTheCauseInsideAngusWrappers() {
        assertThat(ImapFailures.classify(new MessagingException("x", new UnknownHostException("h"))))
                .isEqualTo(ConnectionFailure.DNS);
        assertThat(ImapFailures.classify(new MessagingException("x", new ConnectException("refused"))))
                .isEqualTo(ConnectionFailure.REFUSED);
        SSLHandshakeException tls = new SSLHandshakeException("PKIX path building failed");
        tls.initCause(new CertPathValidatorException("untrusted"));
        assertThat(ImapFailures.classify(new MessagingException("x", tls))).isEqualTo(ConnectionFailure.TLS_CERTIFICATE);
        assertThat(ImapFailures.classify(new AuthenticationFailedException("[AUTHENTICATIONFAILED] no")))
                .isEqualTo(ConnectionFailure.AUTHENTICATION);
        assertThat(ImapFailures.throttling("[OVERQUOTA] Quota exceeded")).isTrue();
        assertThat(ImapFailures.throttling("[TRYCREATE] Mailbox doesn't exist")).isFalse();
    }

    @Test
    void aConnectionCutWhileLoggingInShouldBeRetriedNotFailTheMailbox() {
        ImapConnectionConfig config = new ImapConnectionConfig(new io.mailferry.model.connection.ImapSettings(
                "imap.example.com", 993, io.mailferry.model.connection.ImapSecurity.TLS,
                io.mailferry.model.connection.ImapAuthMode.PASSWORD, null, null, null),
                io.mailferry.model.connection.ConnectionRole.TARGET);
        // what Angus throws when the server closes the socket during connect or AUTHENTICATE
        org.eclipse.angus.mail.iap.ConnectionException cut = new org.eclipse.angus.mail.iap.ConnectionException(null,
                org.eclipse.angus.mail.iap.Response.byeResponse(
                        new java.io.IOException("Connection dropped by server?")));
        MessagingException e = new MessagingException(cut.getMessage(), cut);

        io.mailferry.service.engine.port.MailboxException me = ImapFailures.connectFailure(config, "anna", e, "pw");

        assertThat(me.kind()).isEqualTo(io.mailferry.service.engine.port.MailboxException.Kind.CONNECTION);
        assertThat(me.getMessage()).endsWith("closed the connection while Mailferry was logging in as anna.")
                .doesNotContain("Exception");
    }

    @Test
    void failuresWithoutAnyMessageShouldBeWordedNotNamedByTheirClass() {
        assertThat(ImapFailures.words(new MessagingException(null, new java.net.SocketTimeoutException())))
                .isEqualTo("the server stopped answering");
        assertThat(ImapFailures.words(new MessagingException(null, new java.io.EOFException())))
                .isEqualTo("the connection was closed");
        assertThat(ImapFailures.words(new IllegalStateException())).isEqualTo("no reason given");
        assertThat(ImapFailures.words(new MessagingException("BYE server shutting down")))
                .isEqualTo("BYE server shutting down");
    }
}
