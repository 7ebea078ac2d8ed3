package io.mailferry.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.EwsAuthMode;
import io.mailferry.model.connection.EwsSettings;
import io.mailferry.model.connection.Secret;
import org.junit.jupiter.api.Test;

/** The Exchange (EWS) part of the validation: what a connection needs before any sign-in is tried. */
class ExchangeConnectionValidatorTest {
    private final ConnectionValidator validator = new ConnectionValidator();

    private static ConnectionRequest exchange(EwsSettings settings, String secret) {
        return new ConnectionRequest("Exchange 2019", ConnectionRole.SOURCE, ConnectionKind.EXCHANGE, null, null,
                settings, secret == null ? null : new Secret(secret));
    }

    @Test
    void aConnectionWithUrlOrAutodiscoverAddressShouldPass() {
        assertThat(validator.problems(exchange(new EwsSettings("https://mail.contoso.example/EWS/Exchange.asmx",
                "CONTOSO\\svc", true, null, null, EwsAuthMode.NTLM, 4), "pw"), true)).isEmpty();
        assertThat(validator.problems(exchange(new EwsSettings(null, "svc@contoso.example", true, null,
                "anna@contoso.example", EwsAuthMode.BASIC, null), "pw"), true)).isEmpty();
    }

    @Test
    void neitherUrlNorAddressShouldBeNamed() {
        assertThat(validator.problems(exchange(new EwsSettings(" ", "svc", true, null), "pw"), true))
                .containsExactly("The source Exchange connection needs the EWS URL, or an e-mail address to find it by"
                        + " Autodiscover.");
    }

    @Test
    void plainHttpShouldBeRefusedExceptToThisMachine() {
        assertThat(validator.problems(exchange(new EwsSettings("http://mail.contoso.example/EWS/Exchange.asmx",
                "svc", true, null), "pw"), true)).containsExactly("The source Exchange URL must start with https://:"
                        + " over http the service account's password would cross the network unencrypted.");
        assertThat(validator.problems(exchange(new EwsSettings("http://127.0.0.1:8080/EWS/Exchange.asmx",
                "svc", true, null), "pw"), true)).isEmpty();
        assertThat(validator.problems(exchange(new EwsSettings("http://127.0.0.1.nip.io/EWS/Exchange.asmx",
                "svc", true, null), "pw"), true)).as("a name that only starts like this machine's address").hasSize(1);
    }

    @Test
    void exchangeOnlineShouldBeSentToTheMicrosoft365Connection() {
        assertThat(validator.problems(exchange(new EwsSettings("https://outlook.office365.com/EWS/Exchange.asmx",
                "svc", true, null), "pw"), true)).singleElement().asString().contains("Microsoft 365 connection");
    }

    @Test
    void aMissingPasswordAndABadConcurrencyShouldBeNamed() {
        assertThat(validator.problems(exchange(new EwsSettings("https://mail.contoso.example/EWS/Exchange.asmx",
                "svc", true, null, null, null, 50), null), true)).containsExactlyInAnyOrder(
                "The source Exchange requests per mailbox must be between 1 and 10.",
                "The source Exchange connection needs the service account's password.");
    }

    @Test
    void aBadAutodiscoverAddressShouldBeNamed() {
        assertThat(validator.problems(exchange(new EwsSettings(null, "svc", true, null, "not-an-address", null,
                null), "pw"), true)).singleElement().asString().contains("Autodiscover address");
    }
}
