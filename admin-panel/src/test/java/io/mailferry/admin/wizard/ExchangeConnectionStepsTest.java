package io.mailferry.admin.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.EwsAuthMode;
import io.mailferry.model.connection.EwsSettings;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The Exchange wizard steps without the FX toolkit: what each page accepts and the request it makes. */
class ExchangeConnectionStepsTest {
    @Test
    void anEwsUrlAndAServiceAccountShouldMakeTheRequest() {
        ExchangeConnectionSteps s = new ExchangeConnectionSteps();
        assertThat(s.steps()).extracting(WizardStep::id).containsExactly(ExchangeConnectionSteps.SERVER,
                ExchangeConnectionSteps.ACCOUNT);
        assertThat(s.steps().get(0).valid().get()).isFalse();
        s.url().set("https://mail.contoso.example/EWS/Exchange.asmx");
        assertThat(s.steps().get(0).valid().get()).isTrue();
        assertThat(s.accountError()).contains("service account");
        s.user().set("CONTOSO\\svc");
        assertThat(s.accountError()).contains("password");
        s.password().set("pw");
        s.auth().set(EwsAuthMode.NTLM);
        assertThat(s.steps().get(1).valid().get()).isTrue();
        ConnectionRequest r = s.request("Exchange 2019", ConnectionRole.SOURCE);
        assertThat(r.kind()).isEqualTo(ConnectionKind.EXCHANGE);
        assertThat(r.ews()).isEqualTo(new EwsSettings("https://mail.contoso.example/EWS/Exchange.asmx",
                "CONTOSO\\svc", true, null, null, EwsAuthMode.NTLM, null));
        assertThat(r.secret().value()).isEqualTo("pw");
    }

    @Test
    void autodiscoverShouldNeedAnAddressAndExchangeOnlineIsSentElsewhere() {
        ExchangeConnectionSteps s = new ExchangeConnectionSteps();
        s.autodiscover().set(true);
        assertThat(s.serverError()).contains("Autodiscover");
        s.address().set("anna@contoso.example");
        assertThat(s.serverError()).isNull();
        assertThat(s.request("X", ConnectionRole.TARGET).ews().autodiscoverAddress()).isEqualTo("anna@contoso.example");
        s.autodiscover().set(false);
        s.url().set("https://outlook.office365.com/EWS/Exchange.asmx");
        assertThat(s.serverError()).isEqualTo(ExchangeConnectionSteps.ONLINE_NOTE);
        assertThat(s.roleNote(ConnectionRole.TARGET)).contains("Microsoft 365 connection, not EWS");
        s.url().set("https://mail.contoso.example/EWS/Exchange.asmx");
        s.trustedCertificate().set("not a pem");
        assertThat(s.serverError()).contains("PEM");
    }

    @Test
    void editingShouldKeepTheStoredPasswordUntilRetyped() {
        ExchangeConnectionSteps s = new ExchangeConnectionSteps();
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        s.load(new Connection("e1", "Ex", ConnectionRole.TARGET, ConnectionKind.EXCHANGE, null, null,
                new EwsSettings("https://mail.contoso.example/EWS/Exchange.asmx", "svc", false, null, null, null, 4),
                true, t, t, null));
        assertThat(s.accountError()).isNull();
        assertThat(s.impersonation().get()).isFalse();
        ConnectionRequest r = s.request("Ex", ConnectionRole.TARGET);
        assertThat(r.secret()).isNull();
        assertThat(r.ews().maxConcurrentRequests()).isEqualTo(4);
    }
}
