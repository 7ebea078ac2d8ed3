package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.ConnectionFailure;
import jakarta.mail.AuthenticationFailedException;
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
    void appendFlagListShouldDropRecentAndInvalidKeywords() {
        Set<String> flags = new LinkedHashSet<>(List.of("\\Seen", "\\Recent", "$Forwarded", "bad word", "\\Bogus"));
        assertThat(ImapFlags.appendList(flags)).isEqualTo("(\\Seen $Forwarded)");
        assertThat(ImapFlags.appendList(Set.of("\\Recent"))).isNull();
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
}
