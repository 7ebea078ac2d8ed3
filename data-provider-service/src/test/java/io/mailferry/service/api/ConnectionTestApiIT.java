package io.mailferry.service.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.RunningService;
import io.mailferry.service.ServiceConfig;
import io.mailferry.service.ServiceMain;
import io.mailferry.service.testing.ApiClient;
import io.mailferry.service.testing.ApiClient.Answer;
import io.mailferry.service.testing.DovecotServer;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Test connection" through the API of the real service, with the real IMAP probe, against a real Dovecot: OK for
 * good credentials, and the cause named for each bad case (issue "Foundation": wrong password, wrong port, bad
 * certificate), never echoing the password.
 */
class ConnectionTestApiIT {
    @TempDir
    Path dataDir;
    RunningService service;
    ApiClient api;
    DovecotServer dovecot;
    String user;

    @BeforeEach
    void start() {
        dovecot = DovecotServer.shared();
        user = dovecot.newUser();
        service = ServiceMain.start(new ServiceConfig(dataDir, 0, ServiceMain.defaultProbes(), false));
        api = new ApiClient(service.baseUrl(), service.token());
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private ConnectionRequest request(int port, ImapSecurity security, String pem, String password) {
        return new ConnectionRequest("Dovecot", ConnectionRole.SOURCE, ConnectionKind.IMAP,
                new ImapSettings(dovecot.host(), port, security, ImapAuthMode.PASSWORD, user, null, pem), null, null,
                new Secret(password));
    }

    private ConnectionTestResult testSaved(ConnectionRequest request) {
        Answer created = api.send("POST", "/api/v1/connections", request);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.as(Connection.class).id();
        Answer tested = api.send("POST", "/api/v1/connections/" + id + "/test", null);
        assertThat(tested.status()).isEqualTo(200);
        assertThat(tested.body()).doesNotContain(request.secret().value());
        ConnectionTestResult result = tested.as(ConnectionTestResult.class);
        Connection stored = api.get("/api/v1/connections/" + id).as(Connection.class);
        assertThat(stored.lastTest()).isNotNull();
        assertThat(stored.lastTest().ok()).isEqualTo(result.ok());
        return result;
    }

    @Test
    void goodCredentialsShouldSayOk() {
        ConnectionTestResult r = testSaved(request(dovecot.imapPort(), ImapSecurity.NONE, null, dovecot.password(user)));
        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(r.failure()).isNull();
    }

    @Test
    void wrongPasswordShouldBeNamedAsAuthentication() {
        ConnectionTestResult r = testSaved(request(dovecot.imapPort(), ImapSecurity.NONE, null, "Wrong-Pass-4711"));
        assertThat(r.ok()).isFalse();
        assertThat(r.failure()).isEqualTo(ConnectionFailure.AUTHENTICATION);
        assertThat(r.message()).contains("Source").doesNotContain("Wrong-Pass-4711");
    }

    @Test
    void wrongPortShouldBeNamedAsRefused() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        ConnectionTestResult r = testSaved(request(closed, ImapSecurity.NONE, null, dovecot.password(user)));
        assertThat(r.ok()).isFalse();
        assertThat(r.failure()).isEqualTo(ConnectionFailure.REFUSED);
        assertThat(r.message()).contains(String.valueOf(closed));
    }

    @Test
    void untrustedCertificateShouldBeNamedUntilTheAdminTrustsIt() {
        ConnectionTestResult untrusted = testSaved(
                request(dovecot.imapsPort(), ImapSecurity.TLS, null, dovecot.password(user)));
        assertThat(untrusted.ok()).isFalse();
        assertThat(untrusted.failure()).isEqualTo(ConnectionFailure.TLS_CERTIFICATE);
        assertThat(untrusted.message()).containsIgnoringCase("certificate");

        ConnectionTestResult trusted = testSaved(
                request(dovecot.imapsPort(), ImapSecurity.TLS, dovecot.certificatePem(), dovecot.password(user)));
        assertThat(trusted.ok()).as(trusted.message()).isTrue();
    }

    @Test
    void unsavedSettingsShouldBeTestableFromTheWizard() {
        Answer tested = api.send("POST", "/api/v1/connections/test",
                request(dovecot.imapPort(), ImapSecurity.STARTTLS, dovecot.certificatePem(), dovecot.password(user)));
        assertThat(tested.status()).isEqualTo(200);
        ConnectionTestResult r = tested.as(ConnectionTestResult.class);
        assertThat(r.ok()).as(r.message()).isTrue();
    }
}
