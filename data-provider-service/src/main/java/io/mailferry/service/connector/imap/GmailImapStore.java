package io.mailferry.service.connector.imap;

import jakarta.mail.NoSuchProviderException;
import jakarta.mail.Provider;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.io.IOException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;

/**
 * An IMAP store whose connections understand Gmail's FETCH items ({@link GmailProtocol}). Registered per session under
 * its own protocol names ({@value #PLAIN}, {@value #TLS}); it reads the ordinary {@code mail.imap.*} /
 * {@code mail.imaps.*} properties, so it connects exactly as the plain IMAP store does.
 */
public final class GmailImapStore extends IMAPStore {
    static final String PLAIN = "gmimap";
    static final String TLS = "gmimaps";

    /** Called by jakarta.mail through the provider registered in {@link #open}. */
    public GmailImapStore(Session session, URLName url) {
        // IMAPStore takes its property prefix from the URL's protocol: give it the plain store's
        super(session, url == null ? null : new URLName(tls(url) ? "imaps" : "imap", url.getHost(), url.getPort(),
                url.getFile(), url.getUsername(), url.getPassword()), tls(url) ? "imaps" : "imap", tls(url));
    }

    private static boolean tls(URLName url) {
        return url != null && TLS.equals(url.getProtocol());
    }

    @Override
    protected IMAPProtocol newIMAPProtocol(String host, int port) throws IOException, ProtocolException {
        return new GmailProtocol(name, host, port, session.getProperties(), isSSL, logger);
    }

    /** A store of this kind in {@code session}, for {@code imaps} when {@code tls}. */
    static IMAPStore open(Session session, boolean tls) throws NoSuchProviderException {
        String protocol = tls ? TLS : PLAIN;
        session.addProvider(new Provider(Provider.Type.STORE, protocol, GmailImapStore.class.getName(), "Mailferry",
                null));
        return (IMAPStore) session.getStore(protocol);
    }
}
