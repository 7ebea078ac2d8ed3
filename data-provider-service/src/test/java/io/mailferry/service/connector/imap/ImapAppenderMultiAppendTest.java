package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.job.FolderType;
import io.mailferry.service.engine.port.BufferedContent;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.WriteRequest;
import io.mailferry.service.engine.port.WriteResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A batch through Angus to a server with MULTIAPPEND and LITERAL+: one APPEND command whose bytes are RFC 3502's
 * (mailbox, then per message its flags, its date and a non-synchronising literal), the later messages written behind
 * the first one's literal ({@link BatchLiteral}), and one stored result per message from the APPENDUID answer.
 */
class ImapAppenderMultiAppendTest {
    private static final Instant DATE = Instant.parse("2021-05-06T07:08:09Z");

    @Test
    void aBatchShouldGoAsOneRfc3502AppendAndEachMessageGetItsUid() throws Exception {
        byte[] large = new byte[100 * 1024];
        Arrays.fill(large, (byte) 'L');
        List<WriteRequest> batch = List.of(
                request("first\r\n".getBytes(StandardCharsets.US_ASCII), new ItemState(true, false, false, false,
                        false, false, Set.of()), DATE),
                request(large, ItemState.NONE, null),
                request("third\r\n".getBytes(StandardCharsets.US_ASCII), new ItemState(false, true, true, false,
                        false, false, Set.of("Work")), DATE));
        try (MultiAppendImapServer server = new MultiAppendImapServer()) {
            ImapSession session = ImapSession.open(new ImapConnectionConfig(new ImapSettings("127.0.0.1",
                    server.port(), ImapSecurity.NONE, ImapAuthMode.PASSWORD, "anna", null, null),
                    ConnectionRole.TARGET), "anna", "pw");
            try {
                MailFolder inbox = new MailFolder("INBOX", "INBOX", List.of("INBOX"), '/', FolderType.INBOX, true);

                List<WriteResult> results = new ImapAppender(session, ImapAppender.Mode.AUTO).append(inbox, batch);

                assertThat(results).extracting(WriteResult::targetId).containsExactly("7:1", "7:2", "7:3");
                assertThat(server.appends()).hasSize(1);
                String expected = "APPEND INBOX (\\Seen) \"06-May-2021 07:08:09 +0000\" {7+}\r\nfirst\r\n"
                        + " {102400+}\r\n" + new String(large, StandardCharsets.ISO_8859_1)
                        + " (\\Answered \\Flagged Work) \"06-May-2021 07:08:09 +0000\" {7+}\r\nthird\r\n";
                assertThat(new String(server.appends().get(0), StandardCharsets.ISO_8859_1)).isEqualTo(expected);
            } finally {
                session.close();
            }
        }
    }

    private static WriteRequest request(byte[] raw, ItemState state, Instant date) {
        return new WriteRequest(null, BufferedContent.of(raw), state, date, null);
    }
}
