package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.engine.port.ItemKind;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.SourceMailbox;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A large message (listed above 4 MiB) is read in 1 MiB partial fetches, several per round trip, each answer found
 * by the offset it names (RFC 3501 §7.4.2: {@code BODY[]<origin>}). A server that leaves the offset out must not get
 * its chunks mixed up: the body comes back whole and exact, read one chunk per round trip.
 */
class PartialFetchOffsetsTest {
    private static final int MIB = 1 << 20;

    @Test
    void chunksWithoutTheirOffsetShouldBeReadOneByOneAndComeBackExact() throws Exception {
        byte[] message = message(4 * MIB + 2_600_000); // above 4 MiB: read in chunks (ADR 0043)
        try (UnnamedPartialsImapServer server = new UnnamedPartialsImapServer(message);
                SourceMailbox source = open(server)) {
            List<byte[]> bodies = fetch(source, message.length);

            assertThat(bodies).hasSize(1);
            assertThat(bodies.get(0)).as("the whole message, in order").isEqualTo(message);
            // 7 chunks asked at once (offsets left out: cannot be told apart), then 7 one by one
            assertThat(server.fetches()).isEqualTo(14);
        }
    }

    @Test
    void chunksWithoutTheirOffsetShouldComeBackExactWhenTheBodyIsLongerThanListed() throws Exception {
        byte[] message = message(4 * MIB + 2_600_000);
        try (UnnamedPartialsImapServer server = new UnnamedPartialsImapServer(message);
                SourceMailbox source = open(server)) {
            List<byte[]> bodies = fetch(source, 4 * MIB + 1_200_000);

            assertThat(bodies).hasSize(1);
            assertThat(bodies.get(0)).as("the whole message, in order").isEqualTo(message);
            // 6 chunks asked at once as listed (cannot be told apart), then 7 one by one to the short one
            assertThat(server.fetches()).isEqualTo(13);
        }
    }

    private static SourceMailbox open(UnnamedPartialsImapServer server) throws Exception {
        return new ImapMailboxAccess(new ImapSettings("127.0.0.1", server.port(), ImapSecurity.NONE,
                ImapAuthMode.PASSWORD, "anna", null, null), new Secret("pw"), ConnectionRole.SOURCE)
                .openSource(new MailboxAccess.Login("anna", null, null));
    }

    /** The bodies the fetch of the server's one message, listed with {@code listedSize}, handed over. */
    private static List<byte[]> fetch(SourceMailbox source, long listedSize) throws Exception {
        MailFolder inbox = source.folders().get(0);
        ItemRef item = new ItemRef("9:7", UnnamedPartialsImapServer.UID, ItemKind.MESSAGE, listedSize, null,
                ItemState.NONE, null, null, null, null, null);
        List<byte[]> bodies = new ArrayList<>();
        List<Exception> errors = new ArrayList<>();
        source.fetch(inbox, List.of(item), (ref, content, error) -> {
            if (error != null) {
                errors.add(error);
                return;
            }
            try (content; var in = content.open()) {
                bodies.add(in.readAllBytes());
            } catch (Exception e) {
                errors.add(e);
            }
        });
        assertThat(errors).isEmpty();
        return bodies;
    }

    /** Lines of text numbered so that any chunk out of place changes the bytes. */
    private static byte[] message(int size) {
        StringBuilder sb = new StringBuilder("Subject: large\r\n\r\n");
        for (int line = 0; sb.length() < size; line++) {
            sb.append("line ").append(line).append(" of a large message\r\n");
        }
        return sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }
}
