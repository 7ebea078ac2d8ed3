package io.mailferry.service.testing;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * A plain Angus Mail client on one mailbox, independent of the product's IMAP connector: appends raw messages with
 * flags and an INTERNALDATE, lists folders by their decoded names, and reads every message of a folder as a
 * {@link Stored} (SHA-256 of the raw {@code BODY[]} bytes, flags with keywords, INTERNALDATE) with its UID and subject,
 * folder by folder ({@link ImapMailboxes} snapshots whole mailboxes). Folders are read with EXAMINE, so reading never
 * sets \Seen.
 */
public final class RawImap implements AutoCloseable {
    private final Store store;

    /** One message as the server stores it. Flags never include \Recent. */
    public record Stored(long uid, String sha256, Set<String> flags, Instant internalDate, String subject, int size) {
    }

    public RawImap(String host, int port, String user, String password) throws MessagingException {
        store = ImapMailboxes.connect(host, port, user, password); // folders are opened READ_ONLY: no \Seen
    }

    /** The hierarchy separator the server uses. */
    public char separator() throws MessagingException {
        return store.getDefaultFolder().getSeparator();
    }

    /** Appends {@code raw} to {@code folder} (full name with the server's separator; created if missing). */
    public void append(String folder, String raw, Instant internalDate, String... flags) throws MessagingException {
        Folder f = store.getFolder(folder);
        if (!f.exists() && !f.create(Folder.HOLDS_MESSAGES)) {
            throw new MessagingException("could not create " + folder);
        }
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))) {
            @Override
            public Date getReceivedDate() {
                return internalDate == null ? null : Date.from(internalDate); // Angus sends it as APPEND's date-time
            }
        };
        Flags fl = ImapMailboxes.flags(Set.of(flags));
        m.setFlags(fl, true);
        f.appendMessages(new Message[] {m});
    }

    /** Replaces the flags and keywords of the message with {@code uid}, as a user's mail client would. */
    public void setFlags(String folder, long uid, String... flags) throws MessagingException {
        Folder f = store.getFolder(folder);
        f.open(Folder.READ_WRITE);
        try {
            Message m = ((UIDFolder) f).getMessageByUID(uid);
            Flags old = m.getFlags();
            old.remove(Flags.Flag.RECENT); // session state: a server refuses to store it
            m.setFlags(old, false);
            m.setFlags(ImapMailboxes.flags(Set.of(flags)), true);
        } finally {
            f.close(false);
        }
    }

    /** Deletes the message with {@code uid} (\\Deleted and EXPUNGE), as a user's mail client would. */
    public void delete(String folder, long uid) throws MessagingException {
        Folder f = store.getFolder(folder);
        f.open(Folder.READ_WRITE);
        try {
            ((UIDFolder) f).getMessageByUID(uid).setFlag(Flags.Flag.DELETED, true);
        } finally {
            f.close(true);
        }
    }

    /** Creates an empty folder. */
    public void create(String folder) throws MessagingException {
        Folder f = store.getFolder(folder);
        if (!f.exists() && !f.create(Folder.HOLDS_MESSAGES)) {
            throw new MessagingException("could not create " + folder);
        }
    }

    /** Every folder's full name (decoded from modified UTF-7, with the server's separator), sorted. */
    public Set<String> folders() throws MessagingException {
        Set<String> names = new TreeSet<>();
        for (Folder f : store.getDefaultFolder().list("*")) {
            names.add(f.getFullName());
        }
        return names;
    }

    /** Every message of {@code folder} in UID order; empty when the folder does not exist. */
    public List<Stored> read(String folder) throws MessagingException, IOException {
        Folder f = store.getFolder(folder);
        List<Stored> result = new ArrayList<>();
        if (!f.exists() || (f.getType() & Folder.HOLDS_MESSAGES) == 0) {
            return result;
        }
        f.open(Folder.READ_ONLY);
        try {
            Message[] messages = f.getMessages();
            FetchProfile fp = new FetchProfile();
            fp.add(FetchProfile.Item.FLAGS);
            fp.add(FetchProfile.Item.ENVELOPE);
            fp.add(UIDFolder.FetchProfileItem.UID);
            f.fetch(messages, fp);
            for (Message m : messages) {
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                m.writeTo(raw); // IMAPMessage: the raw BODY.PEEK[] bytes, unparsed
                result.add(new Stored(((UIDFolder) f).getUID(m), sha256(raw.toByteArray()),
                        ImapMailboxes.names(m.getFlags()),
                        m.getReceivedDate() == null ? null : m.getReceivedDate().toInstant(), m.getSubject(),
                        raw.size()));
            }
        } finally {
            f.close(false);
        }
        return result;
    }

    public int count(String folder) throws MessagingException {
        Folder f = store.getFolder(folder);
        return f.exists() && (f.getType() & Folder.HOLDS_MESSAGES) != 0 ? f.getMessageCount() : 0;
    }

    @Override
    public void close() throws MessagingException {
        store.close();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
