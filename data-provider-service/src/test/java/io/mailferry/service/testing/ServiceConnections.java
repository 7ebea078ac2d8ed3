package io.mailferry.service.testing;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.EwsAuthMode;
import io.mailferry.model.connection.EwsSettings;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.DuplicatePolicy;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.service.connector.ews.doubles.EwsDouble;
import java.util.List;

/** Connections and jobs created through the API of a {@link ServiceProcess}, as an admin would create them. */
public final class ServiceConnections {
    private ServiceConnections() {
    }

    /** A plain-IMAP connection to {@code dovecot} signing in as {@code user}. */
    public static Connection dovecot(ApiClient api, ConnectionRole role, DovecotServer dovecot, String user) {
        return api.send("POST", "/api/v1/connections", new ConnectionRequest("Dovecot", role, ConnectionKind.IMAP,
                new ImapSettings(dovecot.host(), dovecot.imapPort(), ImapSecurity.NONE, ImapAuthMode.PASSWORD, user,
                        null, null), null, null, new Secret(dovecot.password(user)))).as(Connection.class);
    }

    /** An Exchange connection whose EWS URL is {@code ews}, with impersonation and basic sign-in. */
    public static Connection exchange(ApiClient api, ConnectionRole role, EwsDouble ews, String account,
            String password) {
        return api.send("POST", "/api/v1/connections", new ConnectionRequest("Exchange 2019", role,
                ConnectionKind.EXCHANGE, null, null, new EwsSettings(ews.url().toString(), account, true, null, null,
                EwsAuthMode.BASIC, 2), new Secret(password))).as(Connection.class);
    }

    /** The id of a new one-pair job that creates duplicates, so only its ledger keeps it from copying twice. */
    public static String duplicatingJob(ApiClient api, String name, Connection source, Connection target,
            String sourceMailbox, String targetMailbox) {
        return api.send("POST", "/api/v1/jobs", new JobRequest(name, source.id(), target.id(),
                new JobOptions(null, null, null, null, null, DuplicatePolicy.CREATE_DUPLICATE, null, null, null, null),
                List.of(MailboxPairRequest.of(sourceMailbox, targetMailbox)))).as(Job.class).id();
    }
}
