package io.mailferry.admin.wizard;

import io.mailferry.admin.ui.BackgroundRunner;
import io.mailferry.admin.ui.SecretFile;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.admin.DirectRunner;
import io.mailferry.admin.QueuedRunner;
import io.mailferry.admin.FakeServiceClient;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.GraphCredential;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.connection.GraphWritePath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The connection wizard with both kinds registered, driven into Microsoft 365; files come from a map. */
class Microsoft365ConnectionStepsTest {

    private static final String TENANT = "contoso.onmicrosoft.com";
    private static final String APP = "11111111-2222-3333-4444-555555555555";
    private static final String PASSWORD = "changeit";

    private final FakeServiceClient client = new FakeServiceClient();
    private final Map<Path, byte[]> files = new HashMap<>();
    private final List<Path> read = new ArrayList<>();
    private final ConnectionWizardViewModel vm = wizard(ConnectionRole.SOURCE, null);
    private final ImapConnectionSteps imap = (ImapConnectionSteps) vm.kinds().get(0);
    private final Microsoft365ConnectionSteps m365 = (Microsoft365ConnectionSteps) vm.kinds().get(1);

    private ConnectionWizardViewModel wizard(ConnectionRole role, Connection existing) {
        return wizard(role, existing, new DirectRunner());
    }

    private ConnectionWizardViewModel wizard(ConnectionRole role, Connection existing, BackgroundRunner checks) {
        SecretFile.Contents reader = file -> {
            read.add(file);
            byte[] content = files.get(file);
            if (content == null) {
                throw new NoSuchFileException(file.toString());
            }
            return content;
        };
        return new ConnectionWizardViewModel(client, new DirectRunner(), role,
                List.of(new ImapConnectionSteps(), new Microsoft365ConnectionSteps(reader, checks), new GmailConnectionSteps()),
                existing);
    }

    @Test
    void kindStepShouldOfferImapAndMicrosoft365AndShowExchangeAsComingLater() {
        assertThat(vm.kinds()).extracting(ConnectionKindSteps::kind)
                .containsExactly(ConnectionKind.IMAP, ConnectionKind.MICROSOFT_365, ConnectionKind.GMAIL);
        assertThat(vm.comingLater()).singleElement().satisfies(k -> {
            assertThat(k.kind()).isEqualTo(ConnectionKind.EXCHANGE);
            assertThat(k.hint()).startsWith("Coming later");
        });
    }

    @Test
    void microsoft365ShouldHaveTenantThenCredentialsThenTest() {
        vm.kind().set(m365);
        assertThat(vm.wizard().steps()).extracting(WizardStep::id).containsExactly(
                "kind", Microsoft365ConnectionSteps.TENANT, Microsoft365ConnectionSteps.CREDENTIALS, "test");
    }

    @Test
    void tenantStepShouldNeedATenantAndAGuidApplicationId() {
        toTenantStep();
        assertThat(vm.wizard().canNext().get()).isFalse();
        m365.tenant().set("contoso");
        assertThat(m365.tenantError()).contains("contoso.onmicrosoft.com");
        m365.tenant().set(" " + TENANT + " ");
        assertThat(m365.tenantError()).isNull();
        m365.clientId().set("my app");
        assertThat(m365.clientIdError()).contains("is a GUID");
        assertThat(vm.wizard().canNext().get()).isFalse();
        m365.clientId().set(APP);
        assertThat(vm.wizard().canNext().get()).isTrue();
        m365.tenant().set("9188040d-6c67-4c5b-b112-36a304b66dad");
        assertThat(vm.wizard().canNext().get()).as("a tenant id works as well as its domain").isTrue();
    }

    @Test
    void aClientSecretShouldBeTheSecretAndTheRestTheGraphSettings() {
        toCredentialsStep();
        assertThat(vm.wizard().canNext().get()).isFalse();
        assertThat(m365.credentialsError()).startsWith("Enter the client secret");
        m365.clientSecret().set(" s3cret~value ");
        assertThat(vm.wizard().next()).isTrue();
        vm.test();
        assertThat(client.testedRequests).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(ConnectionKind.MICROSOFT_365);
            assertThat(r.imap()).isNull();
            assertThat(r.graph()).isEqualTo(new GraphSettings(TENANT, APP, "global", GraphCredential.CLIENT_SECRET));
            assertThat(r.secret().value()).isEqualTo("s3cret~value");
        });
        List<Connection> saved = new ArrayList<>();
        vm.finish(saved::add);
        assertThat(saved).singleElement().satisfies(c -> assertThat(c.graph().tenantId()).isEqualTo(TENANT));
    }

    @Test
    void theCloudShouldBeSentByTheNameTheServiceKnows() {
        toCredentialsStep();
        m365.cloud().set(Microsoft365ConnectionSteps.Cloud.US_GOVERNMENT);
        m365.clientSecret().set("x");
        assertThat(request().graph().cloud()).isEqualTo("us-government");
    }

    @Test
    void aPemFileWithCertificateAndKeyShouldBeSentAsItsText() throws Exception {
        toCredentialsStep();
        m365.credential().set(GraphCredential.CERTIFICATE);
        assertThat(m365.credentialsError()).startsWith("Choose the certificate file");
        String pem = pem();
        files.put(Path.of("/keys/app.pem"), pem.getBytes(StandardCharsets.UTF_8));
        m365.chooseCertificate(Path.of("/keys/app.pem"));
        assertThat(read).containsExactly(Path.of("/keys/app.pem"));
        assertThat(m365.certificateName().get()).isEqualTo("app.pem");
        assertThat(m365.certificateFormat().get()).isEqualTo(Microsoft365ConnectionSteps.CertificateFormat.PEM);
        assertThat(vm.wizard().canNext().get()).isTrue();
        ConnectionRequest r = request();
        assertThat(r.graph().credential()).isEqualTo(GraphCredential.CERTIFICATE);
        assertThat(r.secret().value()).isEqualTo(pem);
    }

    @Test
    void aPemFileWithoutItsKeyOrWithAnEncryptedKeyShouldBeRefusedWithTheReason() throws Exception {
        toCredentialsStep();
        m365.credential().set(GraphCredential.CERTIFICATE);
        String pem = pem();
        String certificateOnly = pem.substring(0, pem.indexOf("-----BEGIN PRIVATE KEY-----"));
        files.put(Path.of("cert.pem"), certificateOnly.getBytes(StandardCharsets.UTF_8));
        m365.chooseCertificate(Path.of("cert.pem"));
        assertThat(m365.credentialsError()).isEqualTo("cert.pem holds no private key; choose one PEM file with "
                + "the certificate and its key, or a .pfx/.p12 file.");
        assertThat(vm.wizard().canNext().get()).isFalse();
        files.put(Path.of("enc.pem"), (certificateOnly + "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIE\n"
                + "-----END ENCRYPTED PRIVATE KEY-----\n").getBytes(StandardCharsets.UTF_8));
        m365.chooseCertificate(Path.of("enc.pem"));
        assertThat(m365.credentialsError()).startsWith("The private key in enc.pem is encrypted");
    }

    @Test
    void aPfxFileShouldNeedItsPasswordAndBeSentAsPkcs12Base64AndPassword() throws Exception {
        toCredentialsStep();
        m365.credential().set(GraphCredential.CERTIFICATE);
        byte[] pfx = resource("app.p12");
        files.put(Path.of("app.pfx"), pfx);
        m365.chooseCertificate(Path.of("app.pfx"));
        assertThat(m365.certificateFormat().get()).isEqualTo(Microsoft365ConnectionSteps.CertificateFormat.PKCS12);
        assertThat(m365.credentialsError()).isEqualTo("Enter the password of app.pfx.");
        m365.certificatePassword().set("wrong");
        assertThat(m365.credentialsError()).startsWith("This password does not open app.pfx");
        assertThat(vm.wizard().canNext().get()).isFalse();
        m365.certificatePassword().set(PASSWORD);
        assertThat(m365.credentialsError()).isNull();
        assertThat(vm.wizard().canNext().get()).isTrue();
        assertThat(request().secret().value())
                .isEqualTo("pkcs12:" + Base64.getEncoder().encodeToString(pfx) + "\n" + PASSWORD);
    }

    @Test
    void aPfxPasswordShouldBeCheckedAwayFromTheUiThreadOneCheckAtATime() throws Exception {
        QueuedRunner checks = new QueuedRunner();
        ConnectionWizardViewModel queued = wizard(ConnectionRole.SOURCE, null, checks);
        Microsoft365ConnectionSteps steps = (Microsoft365ConnectionSteps) queued.kinds().get(1);
        toCredentialsStep(queued, steps);
        steps.credential().set(GraphCredential.CERTIFICATE);
        files.put(Path.of("app.pfx"), resource("app.p12"));
        steps.chooseCertificate(Path.of("app.pfx"));
        int before = steps.passwordChecks().get();
        steps.certificatePassword().set("w");
        assertThat(steps.credentialsError()).isEqualTo("Checking the password of app.pfx…");
        steps.certificatePassword().set("wr");
        steps.certificatePassword().set(PASSWORD);
        assertThat(steps.credentialsError()).isEqualTo("Checking the password of app.pfx…");
        assertThat(queued.wizard().canNext().get()).as("not before the check").isFalse();
        checks.runAll(); // the check that is running (of an earlier password) ends
        assertThat(steps.passwordChecks().get()).isGreaterThan(before);
        assertThat(steps.credentialsError()).as("the typed password's turn").isEqualTo("Checking the password of app.pfx…");
        checks.runAll();
        assertThat(steps.credentialsError()).isNull();
        assertThat(queued.wizard().canNext().get()).isTrue();
    }

    @Test
    void aPfxWithoutAPrivateKeyShouldBeRefused() throws Exception {
        KeyStore full = KeyStore.getInstance("PKCS12");
        full.load(new java.io.ByteArrayInputStream(resource("app.p12")), PASSWORD.toCharArray());
        KeyStore certOnly = KeyStore.getInstance("PKCS12");
        certOnly.load(null, null);
        certOnly.setCertificateEntry("app", full.getCertificate("app"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        certOnly.store(out, PASSWORD.toCharArray());
        toCredentialsStep();
        m365.credential().set(GraphCredential.CERTIFICATE);
        files.put(Path.of("public.p12"), out.toByteArray());
        m365.chooseCertificate(Path.of("public.p12"));
        m365.certificatePassword().set(PASSWORD);
        assertThat(m365.credentialsError()).isEqualTo("public.p12 holds no private key; export the certificate with "
                + "its key.");
    }

    @Test
    void anUnreadableFileShouldSayWhyAndAPublicCertificateAloneShouldBeRefused() {
        toCredentialsStep();
        m365.credential().set(GraphCredential.CERTIFICATE);
        m365.chooseCertificate(Path.of("/nowhere/app.pfx"));
        assertThat(m365.certificateName().get()).isEqualTo("app.pfx");
        assertThat(m365.credentialsError()).isEqualTo("The file app.pfx does not exist.");
        files.put(Path.of("app.cer"), new byte[] {0x30, (byte) 0x82, 1, 2});
        m365.chooseCertificate(Path.of("app.cer"));
        assertThat(m365.credentialsError()).startsWith("app.cer is a certificate without its private key");
        assertThat(vm.wizard().canNext().get()).isFalse();
    }

    @Test
    void switchingKindsBackAndForthShouldKeepEverythingTyped() throws Exception {
        vm.name().set("Mail");
        imap.host().set("imap.example.com");
        imap.user().set("anna");
        imap.password().set("imap-pass");
        vm.kind().set(m365);
        m365.tenant().set(TENANT);
        m365.clientId().set(APP);
        m365.clientSecret().set("graph-secret");
        m365.credential().set(GraphCredential.CERTIFICATE);
        files.put(Path.of("app.pem"), pem().getBytes(StandardCharsets.UTF_8));
        m365.chooseCertificate(Path.of("app.pem"));

        vm.kind().set(imap);
        assertThat(vm.wizard().steps()).extracting(WizardStep::id).contains(ImapConnectionSteps.SERVER);
        assertThat(List.of(vm.name().get(), imap.host().get(), imap.user().get(), imap.password().get()))
                .containsExactly("Mail", "imap.example.com", "anna", "imap-pass");
        assertThat(vm.request().kind()).isEqualTo(ConnectionKind.IMAP);

        vm.kind().set(m365);
        assertThat(List.of(m365.tenant().get(), m365.clientId().get(), m365.certificateName().get()))
                .containsExactly(TENANT, APP, "app.pem");
        m365.credential().set(GraphCredential.CLIENT_SECRET);
        assertThat(m365.clientSecret().get()).as("the secret typed before choosing a certificate")
                .isEqualTo("graph-secret");
        m365.credential().set(GraphCredential.CERTIFICATE);
        assertThat(m365.credentialsError()).isNull();
        assertThat(read).as("the file is not read again").hasSize(1);
    }

    @Test
    void anyChangeShouldAskForANewTest() {
        toCredentialsStep();
        m365.clientSecret().set("s");
        vm.wizard().next();
        vm.test();
        assertThat(vm.wizard().canFinish().get()).isTrue();
        m365.cloud().set(Microsoft365ConnectionSteps.Cloud.CHINA);
        assertThat(vm.wizard().canFinish().get()).isFalse();
        vm.test();
        m365.clientSecret().set("t");
        assertThat(vm.wizard().canFinish().get()).as("every change, not just the first").isFalse();
    }

    @Test
    void aTargetShouldBeToldWhatWritingOverExchangeOnlineImapNeeds() {
        assertThat(vm.roleNote().get()).isEmpty();
        vm.kind().set(m365);
        assertThat(vm.roleNote().get()).as("a source").isEmpty();

        ConnectionWizardViewModel target = wizard(ConnectionRole.TARGET, null);
        assertThat(target.roleNote().get()).as("IMAP").isEmpty();
        target.kind().set(target.kinds().get(1));
        assertThat(target.roleNote().get()).isEqualTo(Microsoft365ConnectionSteps.TARGET_NOTE)
                .contains("IMAP.AccessAsApp").contains("service principal").contains("FullAccess")
                .doesNotContain("source only");
        assertThat(target.kinds().get(1).roleNote(ConnectionRole.TARGET)).isEqualTo(Microsoft365ConnectionSteps.TARGET_NOTE);
    }

    @Test
    void aFailedTestShouldShowTheServicesSentenceAndTheConsentLinkApart() {
        toCredentialsStep();
        m365.clientSecret().set("s");
        vm.wizard().next();
        String link = "https://login.microsoftonline.com/" + TENANT + "/v2.0/adminconsent?client_id=" + APP
                + "&scope=https://graph.microsoft.com/.default";
        String sentence = "Source Microsoft 365 tenant " + TENANT + ": application " + APP + " signed in but lacks "
                + "the application permission Mail.Read or Mail.ReadWrite (to read mail). Add it under the app "
                + "registration's API permissions (Application permissions) and grant admin consent, there or at "
                + "this link: " + link;
        client.nextTest = new ConnectionTestResult(false, ConnectionFailure.AUTHENTICATION, sentence,
                "signed in to tenant " + TENANT + "; listed users (User.Read.All).", Instant.now(), 321);
        vm.test();
        assertThat(vm.testResult().get().message()).isEqualTo(sentence);
        assertThat(vm.consentLink().get()).isEqualTo(link);
        assertThat(vm.wizard().canFinish().get()).isFalse();

        client.nextTest = FakeServiceClient.failed("Source Microsoft 365 tenant " + TENANT + " refused the client "
                + "secret of application " + APP + ": it is wrong or has expired.");
        vm.test();
        assertThat(vm.consentLink().get()).as("no link in this sentence").isEmpty();
        m365.clientSecret().set("t");
        assertThat(vm.consentLink().get()).isEmpty();
    }

    @Test
    void requestsAtOnceShouldBeOneToSixteenAndEmptyForTheServicesDefault() {
        toTenantStep();
        m365.tenant().set(TENANT);
        m365.clientId().set(APP);
        for (String bad : List.of("0", "17", "four", "-1", "2.5")) {
            m365.maxRequests().set(bad);
            assertThat(m365.maxRequestsError()).as(bad).isEqualTo("Requests at once is a whole number from 1 to 16 "
                    + "(leave it empty for 4).");
            assertThat(vm.wizard().canNext().get()).as(bad).isFalse();
        }
        m365.maxRequests().set(" 8 ");
        assertThat(vm.wizard().canNext().get()).isTrue();
        assertThat(request().graph().maxConcurrentRequests()).isEqualTo(8);
        m365.maxRequests().set("");
        assertThat(m365.maxRequestsError()).isNull();
        assertThat(request().graph().maxConcurrentRequests()).as("the service's default").isNull();
    }

    @Test
    void editingShouldKeepTheRequestCapAndAChangeShouldAskForANewTest() {
        Connection existing = new Connection("c8", "Contoso", ConnectionRole.SOURCE, ConnectionKind.MICROSOFT_365,
                null, new GraphSettings(TENANT, APP, "global", GraphCredential.CLIENT_SECRET, 6), null, true,
                Instant.now(), Instant.now(), null);
        client.add(existing);
        ConnectionWizardViewModel edit = wizard(ConnectionRole.SOURCE, existing);
        Microsoft365ConnectionSteps steps = edit.kindSteps(Microsoft365ConnectionSteps.class);
        assertThat(steps.maxRequests().get()).isEqualTo("6");
        assertThat(edit.request().graph().maxConcurrentRequests()).isEqualTo(6);
        edit.wizard().next();
        edit.wizard().next();
        edit.wizard().next();
        edit.test();
        assertThat(edit.wizard().canFinish().get()).isTrue();
        steps.maxRequests().set("2");
        assertThat(edit.wizard().canFinish().get()).as("changed settings need a new test").isFalse();
        edit.test();
        edit.finish(c -> { });
        assertThat(client.connections.get("c8").graph().maxConcurrentRequests()).isEqualTo(2);
    }

    @Test
    void editingShouldKeepTheStoredCredentialUnlessItsKindChanges() throws Exception {
        Connection existing = new Connection("c7", "Contoso", ConnectionRole.SOURCE, ConnectionKind.MICROSOFT_365,
                null, new GraphSettings(TENANT, APP, "china", GraphCredential.CLIENT_SECRET), null, true,
                Instant.now(), Instant.now(), null);
        client.add(existing);
        ConnectionWizardViewModel edit = wizard(ConnectionRole.SOURCE, existing);
        Microsoft365ConnectionSteps steps = edit.kindSteps(Microsoft365ConnectionSteps.class);
        assertThat(steps.cloud().get()).isEqualTo(Microsoft365ConnectionSteps.Cloud.CHINA);
        assertThat(steps.keepsStoredSecret().get()).isTrue();
        assertThat(steps.credentialsError()).isNull();
        steps.credential().set(GraphCredential.CERTIFICATE);
        assertThat(steps.keepsStoredSecret().get()).isFalse();
        assertThat(steps.credentialsError()).as("a certificate is not stored").startsWith("Choose the certificate");
        steps.credential().set(GraphCredential.CLIENT_SECRET);
        edit.wizard().next();
        edit.wizard().next();
        edit.wizard().next();
        edit.test();
        assertThat(client.testedRequests).singleElement().satisfies(r -> {
            assertThat(r.secret()).as("the stored one").isNull();
            assertThat(r.graph()).isEqualTo(new GraphSettings(TENANT, APP, "china", GraphCredential.CLIENT_SECRET));
        });
        edit.finish(c -> { });
        assertThat(client.calls).endsWith("updateConnection c7", "testConnection c7");
    }

    @Test
    void editingATargetShouldKeepItsGraphWritePathAndSayWhatItLoses() throws Exception {
        Connection existing = new Connection("c8", "Contoso", ConnectionRole.TARGET, ConnectionKind.MICROSOFT_365,
                null, new GraphSettings(TENANT, APP, null, GraphCredential.CLIENT_SECRET, null, GraphWritePath.GRAPH),
                null, true, Instant.now(), Instant.now(), null);
        client.add(existing);
        ConnectionWizardViewModel edit = wizard(ConnectionRole.TARGET, existing);
        Microsoft365ConnectionSteps steps = edit.kindSteps(Microsoft365ConnectionSteps.class);
        assertThat(steps.writePath().get()).isEqualTo(GraphWritePath.GRAPH);
        assertThat(Microsoft365ConnectionSteps.writePathNote(GraphWritePath.GRAPH)).contains("x- headers", "4 MB");
        assertThat(Microsoft365ConnectionSteps.writePathNote(GraphWritePath.IMAP)).contains("byte for byte");
        edit.wizard().next();
        edit.wizard().next();
        edit.wizard().next();
        edit.test();
        assertThat(client.testedRequests).singleElement().satisfies(r -> assertThat(r.graph().writePath())
                .isEqualTo(GraphWritePath.GRAPH));
        steps.writePath().set(GraphWritePath.IMAP);
        assertThat(steps.request("Contoso", ConnectionRole.TARGET).graph().writePath()).as("IMAP: the default")
                .isNull();
        steps.writePath().set(GraphWritePath.GRAPH);
        assertThat(steps.request("Contoso", ConnectionRole.SOURCE).graph().writePath()).as("a source is never "
                + "written").isNull();
    }

    private ConnectionRequest request() {
        return vm.request();
    }

    private void toTenantStep() {
        toTenantStep(vm, m365);
    }

    private static void toTenantStep(ConnectionWizardViewModel wizard, Microsoft365ConnectionSteps steps) {
        wizard.name().set("Contoso");
        wizard.kind().set(steps);
        assertThat(wizard.wizard().next()).isTrue();
        assertThat(wizard.wizard().current().get().id()).isEqualTo(Microsoft365ConnectionSteps.TENANT);
    }

    private void toCredentialsStep() {
        toCredentialsStep(vm, m365);
    }

    private static void toCredentialsStep(ConnectionWizardViewModel wizard, Microsoft365ConnectionSteps steps) {
        toTenantStep(wizard, steps);
        steps.tenant().set(TENANT);
        steps.clientId().set(APP);
        assertThat(wizard.wizard().next()).isTrue();
        assertThat(wizard.wizard().current().get().id()).isEqualTo(Microsoft365ConnectionSteps.CREDENTIALS);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = Microsoft365ConnectionStepsTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    /** The test app's certificate and unencrypted key as one PEM file, as openssl writes it. */
    private static String pem() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new java.io.ByteArrayInputStream(resource("app.p12")), PASSWORD.toCharArray());
        Certificate certificate = store.getCertificate("app");
        Key key = store.getKey("app", PASSWORD.toCharArray());
        Base64.Encoder mime = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        return "-----BEGIN CERTIFICATE-----\n" + mime.encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\n" + mime.encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }
}
