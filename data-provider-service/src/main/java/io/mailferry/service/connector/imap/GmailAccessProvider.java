package io.mailferry.service.connector.imap;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GmailAuthMode;
import io.mailferry.model.connection.GmailSettings;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxAccessProvider;
import io.mailferry.service.engine.port.MailboxDirectory;
import io.mailferry.service.engine.port.MailboxException;
import java.net.URI;

/**
 * Opens Gmail connections for the job runner: a {@link GmailMailboxAccess} signing in with the service account's key
 * (one token per mailbox), the account's consent (its refresh token: {@link GoogleUserTokens}) or the app password. Thread-safe.
 */
public final class GmailAccessProvider implements MailboxAccessProvider {
    /** Where Gmail's IMAP is: imap.gmail.com, implicit TLS on 993 (developers.google.com/gmail/imap). */
    public static final ImapSettings GMAIL_IMAP = new ImapSettings(GmailSettings.IMAP_HOST, 993, ImapSecurity.TLS,
            null, null, null, null);

    private final URI tokenUri;
    private final URI directoryApi;

    public GmailAccessProvider() {
        this(GoogleServiceAccountTokens.GOOGLE_TOKEN_URI, GoogleDirectory.GOOGLE_API);
    }

    /** With another token endpoint and Directory API: for the tests' doubles of Google's only. */
    GmailAccessProvider(URI tokenUri, URI directoryApi) {
        this.tokenUri = tokenUri;
        this.directoryApi = directoryApi;
    }

    /**
     * A Workspace connection's users (Directory API, as the connection's user, who must be an administrator); none for
     * an app password connection, which opens one account.
     */
    @Override
    public MailboxDirectory directory(Connection connection, Secret secret) {
        GmailSettings gmail = connection.gmail();
        if (gmail == null || gmail.authMode() != GmailAuthMode.SERVICE_ACCOUNT) {
            return null;
        }
        return new GoogleDirectory(() -> GoogleServiceAccountTokens.fromKey(secret, tokenUri), gmail.user(),
                directoryApi);
    }

    @Override
    public ConnectionKind kind() {
        return ConnectionKind.GMAIL;
    }

    @Override
    public MailboxAccess open(Connection connection, Secret secret, ConnectionRole role) {
        if (connection.kind() != ConnectionKind.GMAIL || connection.gmail() == null) {
            throw new IllegalArgumentException("Connection " + connection.id() + " is not a Gmail connection");
        }
        return open(connection.imap(), connection.gmail(), secret, role, tokenUri);
    }

    static MailboxAccess open(ImapSettings imap, GmailSettings gmail, Secret secret, ConnectionRole role,
            URI tokenUri) {
        ImapSettings where = imap == null ? GMAIL_IMAP : imap;
        if (gmail.authMode() == GmailAuthMode.APP_PASSWORD) {
            return GmailMailboxAccess.appPassword(where, gmail, role, secret);
        }
        if (gmail.authMode() == GmailAuthMode.OAUTH_CONSENT) {
            return GmailMailboxAccess.oauth(where, gmail, role, new GoogleUserTokens.Lazy(secret, tokenUri));
        }
        // the key is read at the first login, so a broken key fails the mailbox with its sentence, not the runner
        GmailTokens tokens = new GmailTokens() {
            private volatile GoogleServiceAccountTokens keyTokens;

            @Override
            public String token(String mailbox, boolean refresh) throws MailboxException {
                GoogleServiceAccountTokens t = keyTokens;
                if (t == null) {
                    t = GoogleServiceAccountTokens.fromKey(secret, tokenUri);
                    keyTokens = t;
                }
                return t.token(mailbox, refresh);
            }
        };
        return GmailMailboxAccess.oauth(where, gmail, role, tokens);
    }
}
