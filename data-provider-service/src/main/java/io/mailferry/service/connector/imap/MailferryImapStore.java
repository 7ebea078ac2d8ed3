package io.mailferry.service.connector.imap;

import jakarta.mail.NoSuchProviderException;
import jakarta.mail.Provider;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;

/**
 * Angus's IMAP store with the connector's own connections: {@link PoolingProtocol}s, whose body fetches read into
 * reused arrays (ADR 0053), and for Gmail {@link GmailProtocol}s, which also understand Gmail's FETCH items (ADR
 * 0020). Registered per session under protocol names of its own ({@code mfimap}, {@code mfimaps}, {@code gmimap},
 * {@code gmimaps}); it reads the ordinary {@code mail.imap.*} / {@code mail.imaps.*} properties, so it connects
 * exactly as the plain IMAP store does.
 */
public final class MailferryImapStore extends IMAPStore {
    private static final Set<String> TLS = Set.of("mfimaps", "gmimaps");
    private static final Set<String> GMAIL = Set.of("gmimap", "gmimaps");
    private static final List<String> PROTOCOLS = List.of("mfimap", "mfimaps", "gmimap", "gmimaps");

    private final boolean gmail;

    /** Called by jakarta.mail through the provider registered in {@link #open}. */
    public MailferryImapStore(Session session, URLName url) {
        // IMAPStore takes its property prefix from the URL's protocol: give it the plain store's
        super(session, url == null ? null : new URLName(tls(url) ? "imaps" : "imap", url.getHost(), url.getPort(),
                url.getFile(), url.getUsername(), url.getPassword()), tls(url) ? "imaps" : "imap", tls(url));
        this.gmail = url != null && GMAIL.contains(url.getProtocol());
    }

    private static boolean tls(URLName url) {
        return url != null && TLS.contains(url.getProtocol());
    }

    @Override
    protected IMAPProtocol newIMAPProtocol(String host, int port) throws IOException, ProtocolException {
        return gmail ? new GmailProtocol(name, host, port, session.getProperties(), isSSL, logger)
                : new PoolingProtocol(name, host, port, session.getProperties(), isSSL, logger);
    }

    /** {@code session} with this store registered under each of its protocol names (once per session). */
    static Session register(Session session) {
        for (String protocol : PROTOCOLS) {
            session.addProvider(new Provider(Provider.Type.STORE, protocol, MailferryImapStore.class.getName(),
                    "Mailferry", null));
        }
        return session;
    }

    /**
     * A store of this kind in {@code session} ({@link #register}ed): for {@code imaps} when {@code tls}, Gmail's when
     * {@code gmail}.
     */
    static IMAPStore open(Session session, boolean tls, boolean gmail) throws NoSuchProviderException {
        return (IMAPStore) session.getStore((gmail ? "gm" : "mf") + (tls ? "imaps" : "imap"));
    }
}
