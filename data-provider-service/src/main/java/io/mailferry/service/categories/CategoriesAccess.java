package io.mailferry.service.categories;

import io.mailferry.service.connector.graph.GraphMailboxAccess;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;

/**
 * A Microsoft 365 target written over Exchange Online IMAP whose items keep their keywords as Outlook categories:
 * every target session is the IMAP session wrapped in a {@link CategoriesTargetMailbox} that reaches the same mailbox
 * through Graph, and whose calendars, contacts and tasks are written through Graph too (ADR 0026). One per pair's pass (the runner opens one per task), so "categories off" lasts one pass. Thread-safe.
 */
public final class CategoriesAccess implements MailboxAccess {
    private final MailboxAccess imap;
    private final GraphMailboxAccess graph;
    private final CategoriesSwitch categories = new CategoriesSwitch();

    /**
     * @param imap  the IMAP access writing the messages
     * @param graph a Graph access of the same tenant, used for categories only
     */
    public CategoriesAccess(MailboxAccess imap, GraphMailboxAccess graph) {
        this.imap = imap;
        this.graph = graph;
    }

    @Override
    public SourceMailbox openSource(Login login) throws MailboxException {
        return imap.openSource(login);
    }

    @Override
    public TargetMailbox openTarget(Login login) throws MailboxException {
        TargetMailbox target = imap.openTarget(login);
        try {
            return graph.withOtherKinds(new CategoriesTargetMailbox(target, graph.categories(login), categories),
                    login);
        } catch (MailboxException | RuntimeException e) {
            target.close();
            throw e;
        }
    }

    @Override
    public String describe() {
        return imap.describe();
    }

    @Override
    public int sessionsPerMailbox() {
        return imap.sessionsPerMailbox();
    }
}
