package io.mailferry.service.testing;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** Puts messages into and counts messages of a mailbox on a plain IMAP server with Angus, as a mail client would. */
public final class ImapSeeder {
    private final String host;
    private final int port;

    public ImapSeeder(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Appends {@code count} small messages, subjects {@code <prefix> 1..count}, to {@code folder} (created if missing). */
    public void add(String user, String password, String folder, String prefix, int count) throws MessagingException {
        try (Store store = connect(user, password)) {
            Folder f = store.getFolder(folder);
            if (!f.exists()) {
                f.create(Folder.HOLDS_MESSAGES);
            }
            Session session = Session.getInstance(new Properties());
            Message[] messages = new Message[count];
            for (int i = 0; i < count; i++) {
                messages[i] = message(session, prefix + " " + (i + 1), "<" + prefix.replace(' ', '-') + "-" + (i + 1)
                        + "-" + System.nanoTime() + "@test>", "Body of " + prefix + " " + (i + 1) + ".\r\n");
            }
            f.appendMessages(messages);
        }
    }

    /** Appends one message of about {@code bytes} bytes. */
    public void addLarge(String user, String password, String folder, int bytes) throws MessagingException {
        try (Store store = connect(user, password)) {
            Session session = Session.getInstance(new Properties());
            StringBuilder body = new StringBuilder();
            while (body.length() < bytes) {
                body.append("0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\r\n");
            }
            store.getFolder(folder).appendMessages(new Message[] {
                message(session, "Large", "<large-" + System.nanoTime() + "@test>", body.toString())});
        }
    }

    /** Deletes (flags \\Deleted and expunges) the messages of {@code folder} whose subject is {@code subject}. */
    public void delete(String user, String password, String folder, String subject) throws MessagingException {
        mark(user, password, folder, subject, jakarta.mail.Flags.Flag.DELETED, true);
    }

    /** Flags the messages of {@code folder} whose subject is {@code subject}, as a user marking them for follow-up. */
    public void flag(String user, String password, String folder, String subject) throws MessagingException {
        mark(user, password, folder, subject, jakarta.mail.Flags.Flag.FLAGGED, false);
    }

    private void mark(String user, String password, String folder, String subject, jakarta.mail.Flags.Flag flag,
            boolean expunge) throws MessagingException {
        try (Store store = connect(user, password)) {
            Folder f = store.getFolder(folder);
            f.open(Folder.READ_WRITE);
            for (Message m : f.getMessages()) {
                if (subject.equals(m.getSubject())) {
                    m.setFlag(flag, true);
                }
            }
            f.close(expunge);
        }
    }

    public int count(String user, String password, String folder) throws MessagingException {
        try (Store store = connect(user, password)) {
            Folder f = store.getFolder(folder);
            return f.exists() ? f.getMessageCount() : 0;
        }
    }

    private Store connect(String user, String password) throws MessagingException {
        return ImapMailboxes.connect(host, port, user, password);
    }

    private static Message message(Session session, String subject, String messageId, String body)
            throws MessagingException {
        String raw = "Message-ID: " + messageId + "\r\nFrom: sender@example.com\r\nTo: user@example.com\r\n"
                + "Date: Mon, 1 Jan 2024 10:00:00 +0000\r\nSubject: " + subject + "\r\n\r\n" + body;
        return new MimeMessage(session, new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));
    }
}
