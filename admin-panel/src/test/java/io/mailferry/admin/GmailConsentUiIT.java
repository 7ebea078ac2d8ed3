package io.mailferry.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.admin.google.GoogleSignInDouble;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.GmailAuthMode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/**
 * The connection wizard's Gmail sign-in for one consumer account, driven by clicks and typing, headless: Google's
 * authorization and token endpoints are {@link GoogleSignInDouble} (developers.google.com/identity/protocols/oauth2/
 * native-app), and the test plays the browser by requesting the sign-in page the wizard shows, which sends it on to
 * the wizard's loopback redirect. The connection is saved with the account's consent as its secret.
 */
class GmailConsentUiIT {
    private final FakeServiceClient client = new FakeServiceClient();
    private final PanelDriver ui = new PanelDriver();
    private final List<URI> opened = new CopyOnWriteArrayList<>();
    private GoogleSignInDouble google;

    @BeforeEach
    void open() throws Exception {
        google = new GoogleSignInDouble();
        FxToolkit.registerPrimaryStage();
        AtomicReference<ShellView> ref = new AtomicReference<>();
        FxToolkit.setupStage(s -> ref.set(AdminApp.show(s, new ViewModels(client, new DirectRunner(), () -> { })
                .withGoogle(google.endpoints(), opened::add))));
    }

    @AfterEach
    void close() throws Exception {
        Fx.closeAllWindows();
        google.close();
    }

    @Test
    void aPastedServiceAccountKeyShouldLeaveTheScreenAndBeNamedByItsAccount() throws Exception {
        String key = "{\"type\":\"service_account\",\"client_email\":\"m@p.iam.gserviceaccount.com\","
                + "\"private_key\":\"-----BEGIN PRIVATE KEY-----\\nMIIE\"}";
        gmailSignIn("Workspace", "gmailServiceAccount");
        ui.type("gmailUser", "anna@example.com");
        ui.type("gmailKey", key);
        assertThat(Fx.call(() -> Fx.node("gmailKey").isVisible())).as("the private key off the screen").isFalse();
        assertThat(Fx.call(() -> ((Label) Fx.node("gmailKeyHolder")).getText()))
                .isEqualTo("The key of m@p.iam.gserviceaccount.com is in (not shown).");
        assertThat(Fx.call(() -> Fx.node("wizardNext").isDisabled())).isFalse();

        ui.click("gmailKeyReplace");
        assertThat(Fx.call(() -> Fx.node("gmailKey").isVisible())).isTrue();
        assertThat(Fx.call(() -> ((javafx.scene.control.TextArea) Fx.node("gmailKey")).getText())).isEmpty();
        assertThat(Fx.call(() -> Fx.node("wizardNext").isDisabled())).as("no key now").isTrue();
    }

    /** Opens the connection wizard for a new Gmail source {@code name} at its sign-in page, choosing {@code mode}. */
    private void gmailSignIn(String name, String mode) {
        ui.click("sourceCardAdd");
        Fx.node("connectionWizard");
        ui.type("connName", name);
        ui.click("kindGMAIL");
        ui.next();
        ui.click(mode);
    }

    @Test
    void signingInWithGoogleShouldKeepTheAccountsConsentAsTheConnectionsSecret() throws Exception {
        gmailSignIn("Anna's Gmail", "gmailConsent");
        ui.type("gmailUser", "anna@gmail.com");
        ui.type("gmailClientId", GoogleSignInDouble.CLIENT_ID);
        ui.type("gmailClientSecret", GoogleSignInDouble.CLIENT_SECRET);
        assertThat(Fx.call(() -> Fx.node("wizardNext").isDisabled())).as("no consent yet").isTrue();

        ui.click("gmailConsentSignIn");
        Fx.waitFor(Duration.ofSeconds(10), () -> !opened.isEmpty(), "the browser to be asked to open the page");
        String link = Fx.call(() -> ((TextField) Fx.node("gmailConsentLink")).getText());
        assertThat(link).as("the link to copy when no browser opens").isEqualTo(opened.get(0).toString());
        HttpResponse<String> page = GoogleSignInDouble.browse(URI.create(link)); // the account clicks Allow
        assertThat(page.body()).contains("Mailferry has the account's consent");
        Fx.waitFor(Duration.ofSeconds(10), () -> Fx.call(() -> ((Label) Fx.node("gmailConsentStatus")).getText())
                .startsWith("Signed in"), "the wizard to learn of the consent");

        ui.next(); // labels
        ui.next(); // test
        assertThat(ui.testConnection()).startsWith("Logged in");
        ui.finish("connectionWizard");

        ConnectionRequest tested = client.testedRequests.get(client.testedRequests.size() - 1);
        assertThat(tested.gmail().authMode()).isEqualTo(GmailAuthMode.OAUTH_CONSENT);
        assertThat(tested.gmail().user()).isEqualTo("anna@gmail.com");
        assertThat(tested.secret().value()).contains("\"refresh_token\":\"" + google.refreshTokens().get(0) + "\"",
                "\"client_id\":\"" + GoogleSignInDouble.CLIENT_ID + "\"", "\"type\":\"authorized_user\"");
        assertThat(client.connections.values()).extracting(Connection::name).containsExactly("Anna's Gmail");
    }
}
