package io.mailferry.service.connector.graph;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.mailbox.DirectoryMailbox;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxAccessProvider;
import io.mailferry.service.engine.port.MailboxDirectory;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.SSLSocketFactory;

/**
 * Opens Microsoft 365 connections for the job runner and the matching: a {@link GraphMailboxAccess} and a
 * {@link GraphDirectory} over the connection's cloud, signing in through one {@link MsalTokenSource} per open (its
 * token cache lives as long as the access). A target is writable here only when the connection's write path is Graph
 * (ADR 0010). Opening connects nothing; a connection naming an unknown cloud opens to
 * an access whose every mailbox fails FATAL with the sentence that says so. Thread-safe.
 */
public final class GraphAccessProvider implements MailboxAccessProvider {
    /**
     * Outlook runs at most 4 concurrent requests per app and mailbox; more are refused with 429
     * "MailboxConcurrency" (MICROSOFT.md §3, Graph throttling-limits "Outlook service limits").
     */
    static final int MAX_CONCURRENT_REQUESTS = 4;

    private final Function<GraphSettings, GraphCloud> clouds;
    private final SSLSocketFactory signInTls;

    public GraphAccessProvider() {
        this(s -> GraphCloud.named(s.cloud()), null);
    }

    /**
     * For tests: {@code clouds} maps the settings to endpoints (local doubles; null for an unknown cloud),
     * {@code signInTls} trusts the sign-in double's certificate (null: the JVM's trust store).
     */
    public GraphAccessProvider(Function<GraphSettings, GraphCloud> clouds, SSLSocketFactory signInTls) {
        this.clouds = clouds;
        this.signInTls = signInTls;
    }

    @Override
    public ConnectionKind kind() {
        return ConnectionKind.MICROSOFT_365;
    }

    @Override
    public MailboxAccess open(Connection connection, Secret secret, ConnectionRole role) {
        GraphSettings settings = settings(connection);
        GraphCloud cloud = clouds.apply(settings);
        String side = role == ConnectionRole.TARGET ? "Target" : "Source";
        if (cloud == null) {
            return new Unusable(unknownCloud(side, settings), side + " Microsoft 365 tenant " + settings.tenantId());
        }
        return new GraphMailboxAccess(cloud, new MsalTokenSource(cloud, settings, secret, signInTls), role,
                settings.maxConcurrentRequests() == null ? MAX_CONCURRENT_REQUESTS : settings.maxConcurrentRequests(),
                role == ConnectionRole.TARGET && settings.writesThroughGraph());
    }

    @Override
    public MailboxDirectory directory(Connection connection, Secret secret) {
        GraphSettings settings = settings(connection);
        GraphCloud cloud = clouds.apply(settings);
        if (cloud == null) {
            String sentence = unknownCloud("The", settings);
            return new MailboxDirectory() {
                @Override
                public List<DirectoryMailbox> mailboxes() throws MailboxException {
                    throw new MailboxException(Kind.FATAL, sentence);
                }
            };
        }
        return new GraphDirectory(cloud, new MsalTokenSource(cloud, settings, secret, signInTls));
    }

    private static GraphSettings settings(Connection connection) {
        if (connection.kind() != ConnectionKind.MICROSOFT_365 || connection.graph() == null) {
            throw new IllegalArgumentException("Connection " + connection.id() + " is not a Microsoft 365 connection");
        }
        return connection.graph();
    }

    private static String unknownCloud(String side, GraphSettings settings) {
        return side + " Microsoft 365 connection names the unknown cloud '" + settings.cloud()
                + "' (known: global, us-government, china); correct it in the connection's settings.";
    }

    /** The access of a connection that cannot work: every mailbox fails FATAL with the reason. */
    private static final class Unusable implements MailboxAccess {
        private final String sentence;
        private final String description;

        Unusable(String sentence, String description) {
            this.sentence = sentence;
            this.description = description;
        }

        @Override
        public SourceMailbox openSource(Login login) throws MailboxException {
            throw new MailboxException(Kind.FATAL, sentence);
        }

        @Override
        public TargetMailbox openTarget(Login login) throws MailboxException {
            throw new MailboxException(Kind.FATAL, sentence);
        }

        @Override
        public String describe() {
            return description;
        }
    }
}
