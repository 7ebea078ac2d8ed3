package io.mailferry.service.connector.imap;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.GmailAuthMode;
import io.mailferry.model.connection.GmailLabelStrategy;
import io.mailferry.model.connection.GmailSettings;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.service.engine.MailboxFixture;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailboxAccess.Login;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import io.mailferry.service.testing.DovecotServer;
import io.mailferry.service.testing.GmailImapProxy;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.FlagTerm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;

/**
 * A Gmail mailbox as {@link GmailImapProxy} shows it: a private Dovecot (sdbox, Gmail's {@code [Gmail]/...} folders)
 * behind the proxy. Seeding writes what Gmail would hold straight into Dovecot, not through the connector: the
 * message in {@code [Gmail]/All Mail} (or only in Spam / Trash) and a copy in the folder of each label, every copy
 * carrying the message's id as the keyword the proxy turns into X-GM-MSGID; the labels go to the proxy. Gmail's
 * folder-and-label model as described at developers.google.com/gmail/imap/imap-extensions.
 */
public final class GmailFixture implements MailboxFixture {
    private static final String ALL_MAIL = "[Gmail]/All Mail";
    private static GmailFixture shared;

    private final DovecotServer dovecot;
    private final GmailImapProxy proxy;
    private final GmailSettings settings;
    /** Dovecot itself, as Gmail's own storage: seeding never goes through the proxy or the connector. */
    private final ImapServerFixture direct;

    private GmailFixture(DovecotServer dovecot, GmailImapProxy proxy, GmailSettings settings) {
        this.direct = new ImapServerFixture(dovecot.host(), dovecot.imapPort(), null, '/', true, false, null);
        this.dovecot = dovecot;
        this.proxy = proxy;
        this.settings = settings;
    }

    /** The JVM's Gmail: started on first use, stopped when the JVM exits. Folder per label, spam and trash too. */
    public static synchronized GmailFixture shared() {
        if (shared == null) {
            try {
                DovecotServer d = DovecotServer.startDbox(null, GmailImapProxy.FOLDERS);
                GmailImapProxy p = GmailImapProxy.start(d.host(), d.imapPort());
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    p.close();
                    d.close();
                }, "gmail-stop"));
                shared = new GmailFixture(d, p, new GmailSettings(GmailAuthMode.APP_PASSWORD, null,
                        GmailLabelStrategy.FOLDER_PER_LABEL, true, true, 2));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** Gmail played by {@code dovecot} (started with {@link GmailImapProxy#FOLDERS}, sdbox) behind a new proxy. */
    public static GmailFixture over(DovecotServer dovecot, GmailSettings settings) throws IOException {
        return new GmailFixture(dovecot, GmailImapProxy.start(dovecot.host(), dovecot.imapPort()), settings);
    }

    /** The same Gmail, read with other settings. */
    public GmailFixture with(GmailSettings other) {
        return new GmailFixture(dovecot, proxy, other);
    }

    public GmailSettings settings() {
        return settings;
    }

    public GmailImapProxy proxy() {
        return proxy;
    }

    public DovecotServer dovecot() {
        return dovecot;
    }

    /** Where the connector reaches "Gmail": the proxy, plain on loopback. */
    public ImapSettings imapSettings() {
        return new ImapSettings(dovecot.host(), proxy.port(), ImapSecurity.NONE, ImapAuthMode.PASSWORD, null, null,
                null);
    }

    public GmailMailboxAccess access() {
        return GmailMailboxAccess.appPassword(imapSettings(), settings, ConnectionRole.SOURCE, null);
    }

    @Override
    public Login newMailbox() {
        String user = dovecot.newUser();
        return ImapServerFixture.login(user, dovecot.password(user));
    }

    @Override
    public SourceMailbox openSource(Login login) throws MailboxException {
        return access().openSource(login);
    }

    @Override
    public TargetMailbox openTarget(Login login) {
        throw new UnsupportedOperationException("Gmail is a source only");
    }

    @Override
    public void createFolder(Login login, List<String> path) {
        direct.withStore(login, store -> folder(store, String.join("/", path)));
    }

    /** The contracts' seeding: INBOX is the label \Inbox, any other folder a user label. */
    @Override
    public void seed(Login login, List<String> path, byte[] raw, ItemState state, Instant received) {
        String label = path.size() == 1 && path.get(0).equalsIgnoreCase("INBOX") ? "\\Inbox" : String.join("/", path);
        seed(login, raw, state, received, List.of(label));
    }

    /**
     * Stores one Gmail message with these labels ({@code \Inbox}, {@code \Sent}, {@code \Draft}, {@code \Starred},
     * {@code \Important}, {@code \Spam}, {@code \Trash}, or a user label's name) and returns its X-GM-MSGID.
     */
    public String seed(Login login, byte[] raw, ItemState state, Instant received, List<String> labels) {
        String msgId = proxy.newMessageId();
        List<String> folders = new ArrayList<>();
        List<String> raws = new ArrayList<>();
        boolean outsideAllMail = labels.contains("\\Spam") || labels.contains("\\Trash");
        if (!outsideAllMail) {
            folders.add(ALL_MAIL);
        }
        for (String label : labels) {
            String folder = folderOf(label);
            if (folder != null) {
                folders.add(folder);
            }
            raws.add(label.startsWith("\\") ? label : BASE64MailboxEncoder.encode(label));
        }
        direct.withStore(login, store -> {
            for (String f : folders) {
                append(folder(store, f), raw, state, received, msgId);
            }
            return null;
        });
        proxy.labels(msgId, raws.stream().filter(l -> !l.equals("\\Spam") && !l.equals("\\Trash")).toList());
        return msgId;
    }

    /** Adds a label to a message, as a Gmail user would: a copy in the label's folder, and the label on it. */
    public void addLabel(Login login, String msgId, String label) {
        direct.withStore(login, store -> {
            Folder all = folder(store, ALL_MAIL);
            all.open(Folder.READ_ONLY);
            try {
                Message found = null;
                for (Message m : all.search(new FlagTerm(new Flags(GmailImapProxy.KEYWORD + msgId), true))) {
                    found = m;
                }
                if (found == null) {
                    throw new IllegalStateException("no message " + msgId + " in All Mail");
                }
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                found.writeTo(bytes);
                Flags flags = found.getFlags();
                MimeMessage copy = message(bytes.toByteArray(), found.getReceivedDate());
                copy.setFlags(flags, true);
                String folder = folderOf(label);
                if (folder != null) {
                    ((IMAPFolder) folder(store, folder)).appendMessages(new Message[] {copy});
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                all.close(false);
            }
            return null;
        });
        List<String> labels = new ArrayList<>(proxy.labels(msgId));
        labels.add(label.startsWith("\\") ? label : BASE64MailboxEncoder.encode(label));
        proxy.labels(msgId, labels);
    }

    /**
     * From now on the proxy's Gmail does what Gmail does when a client expunges (developers.google.com/gmail/imap/
     * imap-extensions; the account's "When a message is marked as deleted and expunged" set to move it to the Trash,
     * ImapSettings.expungeBehavior "trash" at developers.google.com/gmail/api/reference/rest/v1/ImapSettings):
     * expunged from a label's folder, the message loses that label only; expunged from All Mail, it leaves every
     * label's folder and goes to {@code [Gmail]/Trash}; expunged from Spam or Trash, it is gone.
     */
    public void expungeAsGmail() {
        proxy.onExpunge((user, folder, uids) -> {
            if (folder.equals("[Gmail]/Spam") || folder.equals("[Gmail]/Trash")) {
                return;
            }
            Login login = ImapServerFixture.login(user, dovecot.password(user));
            direct.withStore(login, store -> {
                for (Message m : deleted(store, folder, uids)) {
                    String msgId = msgIdOf(m);
                    if (msgId == null) {
                        continue;
                    }
                    if (folder.equals(ALL_MAIL)) {
                        toTrash(store, m, msgId);
                    } else {
                        String label = GmailImapProxy.FOLDER_LABELS.getOrDefault(folder,
                                BASE64MailboxEncoder.encode(folder));
                        proxy.labels(msgId, proxy.labels(msgId).stream().filter(l -> !l.equals(label)).toList());
                    }
                }
                return null;
            });
        });
    }

    /** The messages of {@code folder} flagged \Deleted whose UIDs are in {@code uids} (all of them when null). */
    private static List<Message> deleted(Store store, String folder, String uids) throws MessagingException {
        IMAPFolder f = (IMAPFolder) folder(store, folder);
        f.open(Folder.READ_ONLY);
        List<Message> out = new ArrayList<>();
        for (Message m : f.search(new FlagTerm(new Flags(Flags.Flag.DELETED), true))) {
            if (uids == null || UidSet.parse(uids).contains(f.getUID(m))) {
                out.add(m);
            }
        }
        return out;
    }

    private static String msgIdOf(Message m) throws MessagingException {
        for (String keyword : m.getFlags().getUserFlags()) {
            if (keyword.toLowerCase(java.util.Locale.ROOT).startsWith(GmailImapProxy.KEYWORD)) {
                return keyword.substring(GmailImapProxy.KEYWORD.length());
            }
        }
        return null;
    }

    /** Gmail's move to the Trash: a copy there, every label's copy gone, no label left. */
    private void toTrash(Store store, Message m, String msgId) throws MessagingException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            m.writeTo(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MimeMessage copy = message(bytes.toByteArray(), m.getReceivedDate());
        Flags flags = m.getFlags();
        flags.remove(Flags.Flag.DELETED);
        copy.setFlags(flags, true);
        ((IMAPFolder) folder(store, "[Gmail]/Trash")).appendMessages(new Message[] {copy});
        for (Folder f : store.getDefaultFolder().list("*")) {
            if (f.getFullName().equals(ALL_MAIL) || f.getFullName().startsWith("[Gmail]/Trash")
                    || f.getFullName().equals("[Gmail]/Spam") || (f.getType() & Folder.HOLDS_MESSAGES) == 0) {
                continue;
            }
            f.open(Folder.READ_WRITE);
            try {
                for (Message c : f.search(new FlagTerm(new Flags(GmailImapProxy.KEYWORD + msgId), true))) {
                    c.setFlag(Flags.Flag.DELETED, true);
                }
            } finally {
                f.close(true);
            }
        }
        proxy.labels(msgId, List.of());
    }

    @Override
    public void markRead(Login login, List<String> path, String messageId) {
        throw new UnsupportedOperationException("the Gmail source keeps no change tokens");
    }

    /** The folder that shows a label, null for labels Gmail shows in no folder of their own. */
    private static String folderOf(String label) {
        return switch (label) {
            case "\\Inbox" -> "INBOX";
            case "\\Sent" -> "[Gmail]/Sent Mail";
            case "\\Draft" -> "[Gmail]/Drafts";
            case "\\Starred" -> "[Gmail]/Starred";
            case "\\Important" -> "[Gmail]/Important";
            case "\\Spam" -> "[Gmail]/Spam";
            case "\\Trash" -> "[Gmail]/Trash";
            default -> label.startsWith("\\") ? null : label;
        };
    }

    private static void append(Folder folder, byte[] raw, ItemState state, Instant received, String msgId)
            throws MessagingException {
        MimeMessage msg = message(raw, received == null ? null : Date.from(received));
        Flags f = ImapServerFixture.flags(state);
        f.add(GmailImapProxy.KEYWORD + msgId);
        msg.setFlags(f, true);
        ((IMAPFolder) folder).appendMessages(new Message[] {msg});
    }

    private static MimeMessage message(byte[] raw, Date received) throws MessagingException {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw)) {
            @Override
            public Date getReceivedDate() {
                return received;
            }
        };
    }

    private static Folder folder(Store store, String name) throws MessagingException {
        return ImapServerFixture.folder(store, List.of(name));
    }

    @Override
    public char separator() {
        return '/';
    }

    @Override
    public boolean specialUse() {
        return true;
    }

    @Override
    public boolean reportsWrittenIds() {
        return false;
    }

    @Override
    public byte[] rejectedMessage() {
        return null;
    }
}
