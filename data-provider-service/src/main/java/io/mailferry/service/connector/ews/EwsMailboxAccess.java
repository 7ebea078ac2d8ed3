package io.mailferry.service.connector.ews;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.service.engine.port.ItemKind;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens the mailboxes of one Exchange connection: every session of one mailbox shares one {@link EwsCalls}, so at most
 * the connection's concurrency of requests run against that mailbox at once however many workers the engine runs.
 * Opening reads the mailbox's well-known folders, so a wrong address, a refused login or impersonation, a wrong URL or
 * an untrusted certificate fails right there. Thread-safe.
 */
public final class EwsMailboxAccess implements MailboxAccess {
    private final EwsEndpoint endpoint;
    private final ConnectionRole role;
    private final Map<String, EwsMailboxContext> mailboxes = new ConcurrentHashMap<>();

    EwsMailboxAccess(EwsEndpoint endpoint, ConnectionRole role) {
        this.endpoint = endpoint;
        this.role = role;
    }

    @Override
    public SourceMailbox openSource(Login login) throws MailboxException {
        return new EwsSourceMailbox(context(login), EnumSet.allOf(ItemKind.class)); // the job's kinds select folders
    }

    @Override
    public TargetMailbox openTarget(Login login) throws MailboxException {
        return new EwsTargetMailbox(context(login));
    }

    private EwsMailboxContext context(Login login) throws MailboxException {
        String mailbox = login == null ? null : login.mailbox();
        if (mailbox == null || mailbox.isBlank()) {
            throw new MailboxException(Kind.FATAL, side() + " Exchange: the pair names no mailbox address.");
        }
        String m = mailbox.strip();
        return mailboxes.computeIfAbsent(m.toLowerCase(Locale.ROOT), k -> new EwsMailboxContext(m, endpoint,
                new EwsCalls(side() + " Exchange mailbox " + m, m, side() + " " + endpoint.server(),
                        endpoint.settings().concurrency())));
    }

    @Override
    public String describe() {
        return (role == ConnectionRole.TARGET ? "target " : "source ") + endpoint.server() + " (EWS)";
    }

    private String side() {
        return role == ConnectionRole.TARGET ? "Target" : "Source";
    }
}
