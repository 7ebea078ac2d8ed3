package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.service.engine.port.BodyBuffers;
import io.mailferry.service.engine.port.BufferedContent;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import io.mailferry.service.engine.port.ReleasedContentException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.ResponseInputStream;
import org.eclipse.angus.mail.util.MailLogger;
import org.junit.jupiter.api.Test;

/**
 * A body fetch's answers read into reused arrays (ADR 0053): the body's array is handed over once, and a body that
 * reaches past what its answer held — which in a reused array would be another message's bytes — is told apart.
 */
class PoolingProtocolTest {
    @Test
    void aBodysArrayShouldBeHandedOverOnceAndABodyPastItsAnswerBeToldApart() throws Exception {
        try (HeldAnswersImapServer server = new HeldAnswersImapServer(Map.of(), Set.of())) {
            PoolingProtocol p = new PoolingProtocol("imap", "127.0.0.1", server.port(), new Properties(), false,
                    new MailLogger(getClass(), "test", false, System.out), new BodyBuffers(64 << 20));
            try {
                assertThat(p.getResponseBuffer()).as("not pooling: Angus's own buffer").isNull();
                p.pooling(true);
                ByteArray buffer = p.getResponseBuffer();
                byte[] body = new byte[40_000];
                Arrays.fill(body, (byte) 'b');
                ByteArrayOutputStream answer = new ByteArrayOutputStream();
                String head = "* 2 FETCH (UID 2 BODY[] {" + body.length + "}\r\n";
                answer.write(head.getBytes(StandardCharsets.US_ASCII));
                answer.write(body);
                answer.write(")\r\n".getBytes(StandardCharsets.US_ASCII));
                ByteArray read = new ResponseInputStream(new ByteArrayInputStream(answer.toByteArray()))
                        .readResponse(buffer);
                byte[] array = read.getBytes();
                assertThat(array.length).as("a reused array, sized for the body").isGreaterThan(body.length);

                assertThat(p.within(new ByteArray(array, head.length(), body.length))).isTrue();
                assertThat(p.within(new ByteArray(array, head.length(), body.length + 10)))
                        .as("past the answer, inside the array").isFalse();
                assertThat(p.within(new ByteArray(new byte[10], 0, 10))).as("another array").isTrue();

                BodyBuffers.Lease lease = p.takeLease(array);
                assertThat(lease).isNotNull();
                assertThat(lease.bytes()).isSameAs(array);
                assertThat(p.takeLease(array)).as("handed over once").isNull();
                assertThat(p.takeLease(new byte[10])).isNull();
                lease.release();
            } finally {
                p.disconnect();
            }
        }
    }

    @Test
    void nothingShouldBeReadIntoReusedArraysWhereNothingIsKept() throws Exception {
        try (HeldAnswersImapServer server = new HeldAnswersImapServer(Map.of(), Set.of())) {
            PoolingProtocol p = new PoolingProtocol("imap", "127.0.0.1", server.port(), new Properties(), false,
                    new MailLogger(getClass(), "test", false, System.out), new BodyBuffers(0));
            try {
                p.pooling(true);
                assertThat(p.getResponseBuffer()).as("Angus's own buffer, sized as Angus sizes it").isNull();
            } finally {
                p.disconnect();
            }
        }
    }

    @Test
    void aWriteStoppedByAReleasedArrayShouldBeMailferrysOwnFailureAndCopiedAgainNotTheServers() throws Exception {
        BodyBuffers.Lease lease = new BodyBuffers(64 << 20).take(50_000);
        BufferedContent content = BufferedContent.wrap(lease, 0, 50_000);
        content.close();
        IOException stopped = assertThrows(IOException.class, () -> content.writeTo(new ByteArrayOutputStream()));
        ImapConnectionConfig config = new ImapConnectionConfig(new ImapSettings("imap.example.org", 143,
                ImapSecurity.NONE, ImapAuthMode.PASSWORD, "anna", null, null), ConnectionRole.TARGET);

        MailboxException e = ImapFailures.commandFailure(config, "appending a message",
                new jakarta.mail.MessagingException("append", stopped), Kind.ITEM);

        assertThat(e.kind()).as("the batch is fetched and copied again on a new connection")
                .isEqualTo(Kind.CONNECTION);
        assertThat(e.getMessage()).isEqualTo(ReleasedContentException.SENTENCE).doesNotContain("closed the connection");
    }
}
