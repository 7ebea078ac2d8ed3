package io.mailferry.admin.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.admin.DirectRunner;
import io.mailferry.admin.FakeServiceClient;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionWizardViewModelTest {

    private final FakeServiceClient client = new FakeServiceClient();
    private final ConnectionWizardViewModel vm = new ConnectionWizardViewModel(client, new DirectRunner(),
            ConnectionRole.SOURCE, List.of(new ImapConnectionSteps()), null);
    private final ImapConnectionSteps imap = vm.kindSteps(ImapConnectionSteps.class);

    @Test
    void stepsShouldBeKindThenTheKindsOwnStepsThenTest() {
        assertThat(vm.wizard().steps()).extracting(WizardStep::id).containsExactly(
                "kind", ImapConnectionSteps.SERVER, ImapConnectionSteps.SECURITY, ImapConnectionSteps.CREDENTIALS,
                "test");
    }

    @Test
    void kindStepShouldNeedAName() {
        assertThat(vm.wizard().canNext().get()).isFalse();
        vm.name().set("Old Dovecot");
        assertThat(vm.wizard().canNext().get()).isTrue();
        assertThat(vm.wizard().next()).isTrue();
        assertThat(vm.wizard().current().get().id()).isEqualTo(ImapConnectionSteps.SERVER);
    }

    @Test
    void serverStepShouldRejectBadHostAndPort() {
        toServerStep();
        assertThat(vm.wizard().canNext().get()).isFalse();
        imap.host().set("imap example.com");
        assertThat(imap.hostError()).contains("cannot have");
        imap.host().set("imap.example.com");
        imap.port().set("99999");
        assertThat(vm.wizard().canNext().get()).isFalse();
        assertThat(imap.portError()).contains("between 1 and 65535");
        imap.port().set("x");
        assertThat(imap.portError()).contains("must be a number");
        imap.port().set("993");
        assertThat(vm.wizard().canNext().get()).isTrue();
    }

    @Test
    void switchingSecurityShouldFollowTheUsualPort() {
        imap.security().set(ImapSecurity.STARTTLS);
        assertThat(imap.port().get()).isEqualTo("143");
        imap.port().set("10143");
        imap.security().set(ImapSecurity.TLS);
        assertThat(imap.port().get()).isEqualTo("10143");
    }

    @Test
    void securityStepShouldRejectSomethingThatIsNotAPemCertificate() {
        toServerStep();
        imap.host().set("imap.example.com");
        vm.wizard().next();
        assertThat(vm.wizard().canNext().get()).isTrue();
        imap.trustedCertificate().set("not a certificate");
        assertThat(vm.wizard().canNext().get()).isFalse();
        imap.trustedCertificate().set("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----");
        assertThat(vm.wizard().canNext().get()).isTrue();
    }

    @Test
    void credentialsStepShouldNeedUserAndPasswordAndSeparatorForMasterUser() {
        toCredentialsStep();
        assertThat(vm.wizard().canNext().get()).isFalse();
        imap.user().set("anna");
        assertThat(imap.credentialsError()).isEqualTo("Enter the password.");
        imap.password().set("secret");
        assertThat(vm.wizard().canNext().get()).isTrue();
        imap.authMode().set(ImapAuthMode.MASTER_USER);
        imap.masterSeparator().set("");
        assertThat(vm.wizard().canNext().get()).isFalse();
    }

    @Test
    void testStepShouldBeValidOnlyAfterAPassingTestWithTheCurrentInputs() {
        toTestStep();
        assertThat(vm.wizard().canFinish().get()).isFalse();
        client.nextTest = FakeServiceClient.failed("Source IMAP server imap.example.com:993 rejected user anna's password.");
        vm.test();
        assertThat(vm.testResult().get().message()).isEqualTo(
                "Source IMAP server imap.example.com:993 rejected user anna's password.");
        assertThat(vm.wizard().canFinish().get()).isFalse();

        client.nextTest = new FakeServiceClient().nextTest;
        vm.test();
        assertThat(vm.wizard().canFinish().get()).isTrue();
        imap.password().set("changed");
        assertThat(vm.testResult().get()).isNull();
        assertThat(vm.wizard().canFinish().get()).isFalse();
        imap.password().set("again");
        vm.test();
        imap.user().set("bert");
        assertThat(vm.wizard().canFinish().get()).as("every change invalidates, not just the first").isFalse();
    }

    @Test
    void finishShouldCreateTheConnectionWithTheEnteredSettings() {
        toTestStep();
        vm.test();
        List<Connection> saved = new ArrayList<>();
        vm.finish(saved::add);
        assertThat(saved).hasSize(1);
        Connection c = saved.get(0);
        assertThat(c.role()).isEqualTo(ConnectionRole.SOURCE);
        assertThat(c.kind()).isEqualTo(ConnectionKind.IMAP);
        assertThat(c.imap()).isEqualTo(new ImapSettings("imap.example.com", 993, ImapSecurity.TLS,
                ImapAuthMode.PASSWORD, "anna", "*", null));
        assertThat(client.testedRequests.get(0).secret().value()).isEqualTo("secret");
        assertThat(client.calls).as("re-tested by id so the card shows the stored result")
                .endsWith("createConnection", "testConnection " + c.id());
        assertThat(client.connections.get(c.id()).lastTest().ok()).isTrue();
    }

    @Test
    void editingShouldKeepTheStoredPasswordWhenLeftEmpty() {
        Connection existing = new Connection("c9", "Old", ConnectionRole.TARGET, ConnectionKind.IMAP,
                new ImapSettings("mail.example.com", 143, ImapSecurity.STARTTLS, ImapAuthMode.PASSWORD, "bert", "*",
                        null), null, null, true, Instant.now(), Instant.now(), null);
        client.add(existing);
        ConnectionWizardViewModel edit = new ConnectionWizardViewModel(client, new DirectRunner(),
                ConnectionRole.TARGET, List.of(new ImapConnectionSteps()), existing);
        ImapConnectionSteps steps = edit.kindSteps(ImapConnectionSteps.class);
        assertThat(steps.port().get()).isEqualTo("143");
        assertThat(steps.credentialsError()).isNull();
        for (int i = 0; i < 4; i++) {
            assertThat(edit.wizard().next()).isTrue();
        }
        edit.test();
        assertThat(client.calls).contains("updateConnection c9", "testConnection c9");
        assertThat(edit.wizard().canFinish().get()).isTrue();
        assertThat(edit.title()).isEqualTo("Edit target connection 'Old'");
    }

    private void toServerStep() {
        vm.name().set("Old Dovecot");
        vm.wizard().next();
    }

    private void toCredentialsStep() {
        toServerStep();
        imap.host().set("imap.example.com");
        vm.wizard().next();
        vm.wizard().next();
    }

    private void toTestStep() {
        toCredentialsStep();
        imap.user().set("anna");
        imap.password().set("secret");
        assertThat(vm.wizard().next()).isTrue();
        assertThat(vm.wizard().current().get().id()).isEqualTo("test");
    }
}
