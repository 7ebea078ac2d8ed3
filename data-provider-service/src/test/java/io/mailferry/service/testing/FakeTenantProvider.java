package io.mailferry.service.testing;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.mailbox.DirectoryMailbox;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxAccessProvider;
import io.mailferry.service.engine.port.MailboxDirectory;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Microsoft 365 provider without a network: its directory lists the mailboxes a test sets (or fails as a tenant
 * does when the app lacks the permission), and it remembers the secret each read was given. Its mailboxes open
 * through the provider given to {@link #opensWith}, else every sign-in is refused with {@link #SIGN_IN_REFUSED}.
 */
public final class FakeTenantProvider implements MailboxAccessProvider {
    public static final String SIGN_IN_REFUSED = "The Microsoft 365 tenant refused the app's sign-in (fake tenant).";
    public static final String NO_PERMISSION = "The Microsoft 365 app may not read the tenant's directory: grant it "
            + "the User.Read.All application permission.";

    /** The secret of every directory read, in order. */
    public final List<Secret> secretsRead = new CopyOnWriteArrayList<>();
    private volatile List<DirectoryMailbox> mailboxes;
    private volatile String failure;
    private volatile MailboxAccessProvider opener;

    public FakeTenantProvider(DirectoryMailbox... mailboxes) {
        this.mailboxes = List.of(mailboxes);
    }

    /** A user mailbox whose display name is its local part. */
    public static DirectoryMailbox user(String address) {
        return new DirectoryMailbox(address, address.substring(0, address.indexOf('@')), "user");
    }

    public FakeTenantProvider list(DirectoryMailbox... mailboxes) {
        this.mailboxes = List.of(mailboxes);
        this.failure = null;
        return this;
    }

    /** From now on the directory read fails with {@link #NO_PERMISSION}, as Graph answers 403 without the grant. */
    public FakeTenantProvider refuseReading() {
        this.failure = NO_PERMISSION;
        return this;
    }

    /** Mailboxes open as {@code provider} opens them (e.g. on fake mail servers). */
    public FakeTenantProvider opensWith(MailboxAccessProvider provider) {
        this.opener = provider;
        return this;
    }

    @Override
    public ConnectionKind kind() {
        return ConnectionKind.MICROSOFT_365;
    }

    @Override
    public MailboxAccess open(Connection connection, Secret secret, ConnectionRole role) {
        MailboxAccessProvider delegate = opener;
        if (delegate != null) {
            return delegate.open(connection, secret, role);
        }
        return new MailboxAccess() {
            @Override
            public SourceMailbox openSource(Login login) throws MailboxException {
                throw new MailboxException(MailboxException.Kind.FATAL, SIGN_IN_REFUSED);
            }

            @Override
            public TargetMailbox openTarget(Login login) throws MailboxException {
                throw new MailboxException(MailboxException.Kind.FATAL, SIGN_IN_REFUSED);
            }

            @Override
            public String describe() {
                return role.name().toLowerCase(java.util.Locale.ROOT) + " fake Microsoft 365 tenant";
            }
        };
    }

    @Override
    public MailboxDirectory directory(Connection connection, Secret secret) {
        return () -> {
            secretsRead.add(secret);
            String refused = failure;
            if (refused != null) {
                throw new MailboxException(MailboxException.Kind.FATAL, refused);
            }
            return mailboxes;
        };
    }
}
