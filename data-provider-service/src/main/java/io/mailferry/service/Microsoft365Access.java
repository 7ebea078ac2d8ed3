package io.mailferry.service;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.connector.graph.GraphAccessProvider;
import io.mailferry.service.categories.CategoriesAccess;
import io.mailferry.service.connector.graph.GraphCloud;
import io.mailferry.service.connector.graph.GraphMailboxAccess;
import io.mailferry.service.connector.graph.MsalTokenSource;
import io.mailferry.service.connector.graph.TokenSource;
import io.mailferry.service.connector.imap.ImapMailboxAccess;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxAccessProvider;
import io.mailferry.service.engine.port.MailboxDirectory;
import java.util.function.Function;
import javax.net.ssl.SSLSocketFactory;

/**
 * Microsoft 365 connections for the job runner (ADR 0008, 0010): as a source through Graph ({@link GraphAccessProvider},
 * unchanged); as a target through Exchange Online IMAP by default — the IMAP connector logging in with {@code
 * AUTHENTICATE XOAUTH2} at the cloud's IMAP host (implicit TLS, verified) with app-only tokens for the cloud's Exchange
 * scope from {@link MsalTokenSource}, and Exchange Online's limits applied per item — or through Graph
 * ({@code GraphTargetMailbox}) when the connection's write path is Graph, for tenants where IMAP is switched off. Over
 * IMAP, items' keywords are kept as Outlook categories through Graph ({@link CategoriesAccess}; optional, needs
 * {@code Mail.ReadWrite}). Lives
 * in the composition root because it joins two connectors, which never know each other. Thread-safe.
 */
public final class Microsoft365Access implements MailboxAccessProvider {
    /** What an admin checks when Exchange Online refuses the app's token (ADR 0008, MICROSOFT.md §4). */
    public static final String REFUSED_HINT = "Microsoft 365 refused the app's IMAP login: check IMAP.AccessAsApp, the"
            + " Exchange service principal and its FullAccess permission on the mailbox.";

    private final GraphAccessProvider graph;
    private final Function<GraphSettings, GraphCloud> clouds;
    private final SSLSocketFactory signInTls;
    private final String imapTrustedCertificatePem;

    public Microsoft365Access() {
        this(s -> GraphCloud.named(s.cloud()), null, null);
    }

    /**
     * For tests: {@code clouds} maps the settings to endpoints (local doubles; null for an unknown cloud),
     * {@code signInTls} trusts the sign-in double's certificate, {@code imapTrustedCertificatePem} the IMAP server's
     * (null: the JVM's trust store, as in production).
     */
    public Microsoft365Access(Function<GraphSettings, GraphCloud> clouds, SSLSocketFactory signInTls,
                              String imapTrustedCertificatePem) {
        this.graph = new GraphAccessProvider(clouds, signInTls);
        this.clouds = clouds;
        this.signInTls = signInTls;
        this.imapTrustedCertificatePem = imapTrustedCertificatePem;
    }

    @Override
    public ConnectionKind kind() {
        return ConnectionKind.MICROSOFT_365;
    }

    @Override
    public MailboxAccess open(Connection connection, Secret secret, ConnectionRole role) {
        if (role != ConnectionRole.TARGET || (connection.graph() != null && connection.graph().writesThroughGraph())) {
            return graph.open(connection, secret, role); // the Graph write path: GraphTargetMailbox
        }
        if (connection.kind() != ConnectionKind.MICROSOFT_365 || connection.graph() == null) {
            throw new IllegalArgumentException("Connection " + connection.id() + " is not a Microsoft 365 connection");
        }
        GraphSettings settings = connection.graph();
        GraphCloud cloud = clouds.apply(settings);
        if (cloud == null) {
            return graph.open(connection, secret, role); // fails every mailbox with the "unknown cloud" sentence
        }
        TokenSource tokens = new MsalTokenSource(cloud, settings, secret, signInTls);
        String scope = cloud.exchangeScope();
        ImapSettings imap = new ImapSettings(cloud.imapHost(), cloud.imapPort(), ImapSecurity.TLS,
                ImapAuthMode.PASSWORD, null, null, imapTrustedCertificatePem);
        MailboxAccess writer = ImapMailboxAccess.oauth(imap, role, refresh -> tokens.token(scope, refresh),
                REFUSED_HINT, true);
        // Exchange's IMAP keeps no keywords: categories go through Graph, with the same sign-in (needs Mail.ReadWrite)
        return new CategoriesAccess(writer, new GraphMailboxAccess(cloud, tokens, role,
                settings.maxConcurrentRequests() == null ? 0 : settings.maxConcurrentRequests()));
    }

    @Override
    public MailboxDirectory directory(Connection connection, Secret secret) {
        return graph.directory(connection, secret);
    }
}
