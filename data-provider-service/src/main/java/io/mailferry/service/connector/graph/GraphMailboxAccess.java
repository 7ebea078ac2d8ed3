package io.mailferry.service.connector.graph;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens Microsoft 365 mailboxes of one tenant through Graph, app-only: every session of one mailbox shares one
 * {@link GraphHttp}, so at most {@code maxConcurrentRequests} requests run against that mailbox at once however many
 * workers the engine runs (Outlook allows 4 concurrent requests per app and mailbox). Opening asks Graph for the
 * mailbox's well-known folders, so a wrong address, a refused token or a missing permission fails right there. The
 * write side ({@link GraphTargetMailbox}) is opened only for a connection whose write path is Graph (ADR 0010); else
 * the service writes over Exchange Online IMAP. Thread-safe.
 */
public final class GraphMailboxAccess implements MailboxAccess {
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 4;

    private final GraphCloud cloud;
    private final TokenSource tokens;
    private final ConnectionRole role;
    private final int maxConcurrentRequests;
    private final GraphClients clients;
    private final boolean writes;
    private final Map<String, GraphMailboxContext> mailboxes = new ConcurrentHashMap<>();

    /** @param maxConcurrentRequests per mailbox; 0 or less for the default ({@value #DEFAULT_MAX_CONCURRENT_REQUESTS}) */
    public GraphMailboxAccess(GraphCloud cloud, TokenSource tokens, ConnectionRole role, int maxConcurrentRequests) {
        this(cloud, tokens, role, maxConcurrentRequests, false);
    }

    /** @param writes target mailboxes are written through Graph (the connection's write path is Graph) */
    public GraphMailboxAccess(GraphCloud cloud, TokenSource tokens, ConnectionRole role, int maxConcurrentRequests,
            boolean writes) {
        this.writes = writes;
        this.cloud = cloud;
        this.tokens = tokens;
        this.role = role;
        this.maxConcurrentRequests = maxConcurrentRequests > 0 ? maxConcurrentRequests
                : DEFAULT_MAX_CONCURRENT_REQUESTS;
        this.clients = GraphClients.of(cloud);
    }

    @Override
    public SourceMailbox openSource(Login login) throws MailboxException {
        return new GraphSourceMailbox(context(login, GraphHttp.MAIL_READ));
    }

    /** A {@link GraphTargetMailbox} where this connection writes through Graph; else refused (IMAP writes, ADR 0008). */
    @Override
    public TargetMailbox openTarget(Login login) throws MailboxException {
        if (!writes) {
            // Reached only when GraphAccessProvider is used alone for an IMAP-write connection: the service writes
            // over Exchange Online IMAP (Microsoft365Access in the composition root), which this connector cannot reach.
            throw new MailboxException(Kind.FATAL, "This Microsoft 365 access reads through Graph only and cannot "
                    + "write: open Microsoft 365 targets through the Microsoft 365 connection as the service configures"
                    + " it (Exchange Online IMAP), or set the connection's write path to Graph.");
        }
        GraphMailboxContext box = context(login, GraphHttp.MAIL_READ_WRITE);
        return new GraphKindsTargetMailbox(new GraphTargetMailbox(box), new GraphPimStore(box));
    }

    /**
     * {@code mail}, a target written over Exchange Online IMAP, with calendars, contacts and tasks written through
     * Graph (ADR 0026); connects nothing until used.
     */
    public TargetMailbox withOtherKinds(TargetMailbox mail, Login login) throws MailboxException {
        return new GraphKindsTargetMailbox(mail, new GraphPimStore(context(login, GraphHttp.MAIL_READ_WRITE)));
    }

    /**
     * The Outlook categories of {@code login}'s mailbox, for a target written over Exchange Online IMAP (which keeps no
     * keywords); needs {@code Mail.ReadWrite}. Connects nothing until used.
     */
    public GraphCategories categories(Login login) throws MailboxException {
        return new GraphCategories(context(login, GraphHttp.MAIL_READ_WRITE));
    }

    private GraphMailboxContext context(Login login, String permission) throws MailboxException {
        String mailbox = login == null ? null : login.mailbox();
        if (mailbox == null || mailbox.isBlank()) {
            throw new MailboxException(Kind.FATAL, side() + " Microsoft 365: the pair names no mailbox address.");
        }
        String m = mailbox.trim();
        return mailboxes.computeIfAbsent(m.toLowerCase(Locale.ROOT), k -> new GraphMailboxContext(
                m, new GraphHttp(clients, cloud, tokens, side() + " Microsoft 365 mailbox " + m,
                        maxConcurrentRequests), permission));
    }

    @Override
    public String describe() {
        return (role == ConnectionRole.TARGET ? "target" : "source") + " Microsoft 365 tenant (Graph)";
    }

    private String side() {
        return role == ConnectionRole.TARGET ? "Target" : "Source";
    }
}
