package io.mailferry.service.connector.imap;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.engine.MailboxFixture;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailboxAccess.Login;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import org.eclipse.angus.mail.imap.IMAPFolder;

/**
 * {@link MailboxFixture} for an IMAP server reached on plain loopback. Seeding uses plain Angus Mail
 * ({@code IMAPFolder.appendMessages}), not the connector under test.
 */
final class ImapServerFixture implements MailboxFixture {
    private final ImapSettings settings;
    private final Supplier<Login> users;
    private final char separator;
    private final boolean specialUse;
    private final boolean appendUids;
    private final byte[] rejected;
    /** How targets are opened; null: a password login on the plain port. */
    private final io.mailferry.service.engine.port.MailboxAccess targetAccess;

    ImapSettings settings() {
        return settings;
    }

    ImapServerFixture(String host, int port, Supplier<Login> users, char separator, boolean specialUse,
                      boolean appendUids, byte[] rejected) {
        this(host, port, users, separator, specialUse, appendUids, rejected, null);
    }

    /** As above, but targets are opened through {@code targetAccess} (e.g. an OAuth login over TLS). */
    ImapServerFixture(String host, int port, Supplier<Login> users, char separator, boolean specialUse,
                      boolean appendUids, byte[] rejected, io.mailferry.service.engine.port.MailboxAccess targetAccess) {
        this.targetAccess = targetAccess;
        this.settings = new ImapSettings(host, port, ImapSecurity.NONE, ImapAuthMode.PASSWORD, null, null, null);
        this.users = users;
        this.separator = separator;
        this.specialUse = specialUse;
        this.appendUids = appendUids;
        this.rejected = rejected;
    }

    @Override
    public Login newMailbox() {
        return users.get();
    }

    @Override
    public SourceMailbox openSource(Login login) throws MailboxException {
        return new ImapMailboxAccess(settings, null, ConnectionRole.SOURCE).openSource(login);
    }

    @Override
    public TargetMailbox openTarget(Login login) throws MailboxException {
        if (targetAccess != null) {
            return targetAccess.openTarget(login);
        }
        return new ImapMailboxAccess(settings, null, ConnectionRole.TARGET).openTarget(login);
    }

    @Override
    public void createFolder(Login login, List<String> path) {
        withStore(login, store -> folder(store, path));
    }

    @Override
    public void seed(Login login, List<String> path, byte[] raw, ItemState state, Instant received) {
        withStore(login, store -> {
            Folder folder = folder(store, path);
            Session session = Session.getInstance(new Properties());
            MimeMessage msg = new MimeMessage(session, new ByteArrayInputStream(raw)) {
                @Override
                public Date getReceivedDate() {
                    return received == null ? null : Date.from(received);
                }
            };
            msg.setFlags(flags(state == null ? ItemState.NONE : state), true);
            ((IMAPFolder) folder).appendMessages(new Message[] {msg});
            return null;
        });
    }

    /**
     * Deletes the folder at {@code path} with its messages and creates it again, empty, as another client would: the
     * server gives it a new UIDVALIDITY.
     */
    void recreateFolder(Login login, List<String> path) {
        withStore(login, store -> {
            Folder folder = folder(store, path);
            if (!folder.delete(true)) {
                throw new IllegalStateException("the server did not delete " + path);
            }
            return folder(store, path);
        });
    }

    /** Sets \Seen on the messages with {@code messageId}, as another client would (plain Angus Mail). */
    @Override
    public void markRead(Login login, List<String> path, String messageId) {
        withStore(login, store -> {
            Folder folder = folder(store, path);
            folder.open(Folder.READ_WRITE);
            try {
                List<Message> found = new ArrayList<>();
                for (Message m : folder.getMessages()) {
                    if (messageId.equals(((MimeMessage) m).getMessageID())) {
                        found.add(m);
                    }
                }
                if (found.isEmpty()) {
                    throw new IllegalStateException("no message " + messageId + " in " + path);
                }
                folder.setFlags(found.toArray(new Message[0]), new Flags(Flags.Flag.SEEN), true);
            } finally {
                folder.close(false);
            }
            return null;
        });
    }

    /**
     * The IMAP flags of a state, spelt here rather than by the connector's mapping, so that the contracts check that
     * mapping instead of trusting it.
     */
    static Flags flags(ItemState state) {
        Flags f = new Flags();
        if (state.read()) {
            f.add(Flags.Flag.SEEN);
        }
        if (state.flagged()) {
            f.add(Flags.Flag.FLAGGED);
        }
        if (state.answered()) {
            f.add(Flags.Flag.ANSWERED);
        }
        if (state.draft()) {
            f.add(Flags.Flag.DRAFT);
        }
        if (state.deleted()) {
            f.add(Flags.Flag.DELETED);
        }
        if (state.forwarded()) {
            f.add("$Forwarded");
        }
        state.keywords().forEach(f::add);
        return f;
    }

    static Folder folder(Store store, List<String> path) throws MessagingException {
        char sep = store.getDefaultFolder().getSeparator();
        Folder folder = store.getFolder(String.join(String.valueOf(sep), path));
        if (!folder.exists()) {
            folder.create(Folder.HOLDS_MESSAGES | Folder.HOLDS_FOLDERS);
        }
        return folder;
    }

    interface StoreWork {
        Object run(Store store) throws MessagingException;
    }

    void withStore(Login login, StoreWork work) {
        try {
            Store store = Session.getInstance(new Properties()).getStore("imap");
            store.connect(settings.host(), settings.port(), login.user(), login.password().value());
            try {
                work.run(store);
            } finally {
                store.close();
            }
        } catch (MessagingException e) {
            throw new IllegalStateException("seeding failed: " + e.getMessage(), e);
        }
    }

    @Override
    public char separator() {
        return separator;
    }

    @Override
    public boolean specialUse() {
        return specialUse;
    }

    @Override
    public boolean reportsWrittenIds() {
        return appendUids;
    }

    @Override
    public byte[] rejectedMessage() {
        return rejected;
    }

    static Login login(String user, String password) {
        return new Login(user, user, new Secret(password));
    }
}
