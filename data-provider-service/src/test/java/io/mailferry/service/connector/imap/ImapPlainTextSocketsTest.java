package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.service.tls.BufferedPlainSocketFactory;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * An unencrypted IMAP connection reads its socket through a buffer (ADR 0054, amended; ADR 0056); an encrypted one gets
 * the TLS factory (which reads the socket under TLS through its own) and no plain one: STARTTLS's first, plain-text part
 * is the JDK's socket as before. Neither is followed by a second try with the JDK's own factory when a connect fails.
 */
class ImapPlainTextSocketsTest {
    @Test
    void onlyAnUnencryptedConnectionShouldGetTheBufferedPlainSockets() {
        for (ImapSecurity security : ImapSecurity.values()) {
            ImapConnectionConfig config = new ImapConnectionConfig(new ImapSettings("127.0.0.1", 143, security,
                    ImapAuthMode.PASSWORD, "anna", null, null), ConnectionRole.TARGET);
            Properties props = config.properties(1_000);
            String p = "mail." + config.protocol() + ".";

            if (security == ImapSecurity.NONE) {
                assertThat(props.get(p + "socketFactory")).isSameAs(BufferedPlainSocketFactory.shared());
                assertThat(props.get(p + "ssl.socketFactory")).isNull();
            } else {
                assertThat(props.get(p + "socketFactory")).as(security.toString()).isNull();
                assertThat(props.get(p + "ssl.socketFactory")).as(security.toString()).isNotNull();
            }
        }
    }

    @Test
    void aFailedConnectShouldNotBeTriedAgainWithTheJdksOwnFactory() {
        for (ImapSecurity security : ImapSecurity.values()) {
            ImapConnectionConfig config = new ImapConnectionConfig(new ImapSettings("127.0.0.1", 143, security,
                    ImapAuthMode.PASSWORD, "anna", null, null), ConnectionRole.SOURCE);

            // Angus's default is true: an unanswered connect then waited its timeout twice
            assertThat(config.properties(1_000).get("mail." + config.protocol() + ".socketFactory.fallback"))
                    .as(security.toString()).isEqualTo("false");
        }
    }
}
