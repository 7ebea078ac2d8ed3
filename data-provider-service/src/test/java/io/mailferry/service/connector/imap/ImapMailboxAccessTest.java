package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.engine.port.MailboxAccess.Login;
import org.junit.jupiter.api.Test;

class ImapMailboxAccessTest {
    private static ImapSettings settings(ImapAuthMode mode, String user) {
        return new ImapSettings("imap.example.com", 993, ImapSecurity.TLS, mode, user, "*", null);
    }

    @Test
    void credentialsShouldPreferThePairsOwnLogin() {
        var c = ImapMailboxAccess.credentials(settings(ImapAuthMode.PASSWORD, "conn"), new Secret("conn-pw"),
                new Login("alice@example.com", "alice", new Secret("alice-pw")));
        assertThat(c.user()).isEqualTo("alice");
        assertThat(c.password()).isEqualTo("alice-pw");
        assertThat(c.toString()).doesNotContain("alice-pw");
    }

    @Test
    void credentialsShouldFallBackToTheConnectionsUserAndSecret() {
        var c = ImapMailboxAccess.credentials(settings(ImapAuthMode.PASSWORD, "conn"), new Secret("conn-pw"),
                new Login("alice@example.com", null, null));
        assertThat(c.user()).isEqualTo("conn");
        assertThat(c.password()).isEqualTo("conn-pw");
    }

    @Test
    void credentialsShouldBuildTheMasterUserLogin() {
        var c = ImapMailboxAccess.credentials(settings(ImapAuthMode.MASTER_USER, "admin"), new Secret("master-pw"),
                new Login("alice@example.com", "ignored", new Secret("ignored")));
        assertThat(c.user()).isEqualTo("alice@example.com*admin");
        assertThat(c.password()).isEqualTo("master-pw");
    }

    @Test
    void describeShouldNameTheSideHostAndPort() {
        assertThat(new ImapMailboxAccess(settings(ImapAuthMode.PASSWORD, "u"), null,
                io.mailferry.model.connection.ConnectionRole.TARGET).describe())
                .isEqualTo("target IMAP server imap.example.com:993");
    }
}
