package io.mailferry.service.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.EwsAuthMode;
import io.mailferry.model.connection.EwsSettings;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code connections add/update --kind exchange}: the options become an Exchange (EWS) request. */
class ExchangeOptionsTest {
    private static ConnectionRequest add(Map<String, String> env, String... args) {
        ConnectionsCommand.AddCommand add = new ConnectionsCommand.AddCommand();
        new CommandLine(add).parseArgs(args);
        return add.options.toNewRequest(env);
    }

    @Test
    void anEwsUrlAndAServiceAccountShouldMakeAnExchangeConnection() {
        ConnectionRequest r = add(Map.of("MF_PW", "s3cret"), "--name", "Exchange 2019", "--role", "source", "--kind",
                "exchange", "--ews-url", "https://mail.example.com/EWS/Exchange.asmx", "--user", "CONTOSO\\svc",
                "--ews-auth", "ntlm", "--password-env", "MF_PW", "--ews-max-requests", "3");
        assertThat(r.kind()).isEqualTo(ConnectionKind.EXCHANGE);
        assertThat(r.imap()).isNull();
        assertThat(r.ews()).isEqualTo(new EwsSettings("https://mail.example.com/EWS/Exchange.asmx", "CONTOSO\\svc",
                true, null, null, EwsAuthMode.NTLM, 3));
        assertThat(r.secret().value()).isEqualTo("s3cret");
    }

    @Test
    void autodiscoverAndDelegationShouldBeKept() {
        ConnectionRequest r = add(Map.of(), "--name", "Ex", "--kind", "exchange", "--autodiscover",
                "anna@example.com", "--user", "svc@example.com", "--delegation");
        assertThat(r.ews().autodiscover()).isTrue();
        assertThat(r.ews().autodiscoverAddress()).isEqualTo("anna@example.com");
        assertThat(r.ews().impersonation()).isFalse();
    }

    @Test
    void anUpdateShouldChangeOnlyWhatIsGiven() {
        EwsSettings old = new EwsSettings("https://mail.example.com/EWS/Exchange.asmx", "svc", true, null, null,
                EwsAuthMode.BASIC, null);
        Connection existing = new Connection("c1", "Ex", ConnectionRole.TARGET, ConnectionKind.EXCHANGE, null, null,
                old, true, Instant.EPOCH, Instant.EPOCH, null);
        ConnectionsCommand.UpdateCommand update = new ConnectionsCommand.UpdateCommand();
        new CommandLine(update).parseArgs("c1", "--ews-max-requests", "5");
        ConnectionRequest r = update.options.toUpdate(existing, Map.of());
        assertThat(r.ews()).isEqualTo(new EwsSettings(old.url(), "svc", true, null, null, EwsAuthMode.BASIC, 5));
        assertThat(r.secret()).as("the stored password stays").isNull();
    }

    @Test
    void exchangeOptionsShouldNeedTheExchangeKind() {
        assertThatThrownBy(() -> add(Map.of(), "--name", "X", "--host", "imap.example.com", "--ews-url", "https://x"))
                .isInstanceOf(CliException.class).hasMessageContaining("need --kind exchange");
        assertThatThrownBy(() -> add(Map.of(), "--name", "X", "--kind", "exchange", "--host", "imap.example.com"))
                .isInstanceOf(CliException.class).hasMessageContaining("do not apply");
    }
}
