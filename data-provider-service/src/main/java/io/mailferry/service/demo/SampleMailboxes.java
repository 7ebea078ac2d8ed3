package io.mailferry.service.demo;

import jakarta.activation.DataHandler;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * Seeds a realistic sample mailbox over IMAP: nested folders, non-ASCII folder names, attachments, system flags and
 * keywords, old dates, a message without Message-ID, two identical messages in one folder, and — on the target — a
 * message that an earlier tool already copied (the duplicate policy skips it).
 */
final class SampleMailboxes {

    /** A MimeMessage that keeps exactly the Message-ID we give it (or none). */
    private static final class FixedIdMessage extends MimeMessage {
        FixedIdMessage(Session session) {
            super(session);
        }

        @Override
        protected void updateMessageID() {
            // keep the header as set: the demo needs a message without Message-ID
        }
    }

    private final Session session = Session.getInstance(new Properties());

    void seedSource(int port, String user, String password) throws MessagingException {
        String local = user.substring(0, user.indexOf('@'));
        try (Store store = connect(port, user, password)) {
            append(store, "INBOX",
                    text(local, 1, "Welcome to the new mail system", "2024-03-04T09:15:00Z", true),
                    withFlags(text(local, 2, "Quarterly report — Q1", "2024-04-02T14:00:00Z", true), Flags.Flag.SEEN,
                            Flags.Flag.ANSWERED),
                    withFlags(attachment(local, 3, "Invoice 2023-117 (PDF attached)", "2023-11-17T08:30:00Z"),
                            Flags.Flag.FLAGGED),
                    withKeyword(text(local, 4, "Lunch on Friday?", "2024-05-10T11:45:00Z", true), "$Work"),
                    text(local, 5, "Message without a Message-ID header", "2022-02-22T22:22:00Z", false),
                    text(local, 6, "Newsletter: the same issue twice", "2024-01-15T07:00:00Z", true),
                    text(local, 6, "Newsletter: the same issue twice", "2024-01-15T07:00:00Z", true),
                    text(local, 7, "Already copied by an earlier tool", "2021-06-01T10:00:00Z", true));
            append(store, "Sent Items",
                    withFlags(text(local, 10, "Re: Quarterly report — Q1", "2024-04-02T15:10:00Z", true),
                            Flags.Flag.SEEN));
            append(store, "Drafts",
                    withFlags(text(local, 11, "Draft: holiday plans", "2024-06-01T18:00:00Z", true), Flags.Flag.DRAFT));
            append(store, "Projects",
                    text(local, 20, "Project kick-off notes", "2019-09-09T09:09:00Z", true));
            append(store, "Projects/2019",
                    withFlags(attachment(local, 21, "Budget 2019 spreadsheet", "2019-01-31T16:00:00Z"), Flags.Flag.SEEN));
            append(store, "Projects/Überblick",
                    text(local, 22, "Überblick über alle Projekte", "2020-12-24T12:00:00Z", true));
            append(store, "Archiv/日本語",
                    withFlags(text(local, 30, "古いメール (an old mail from 2003)", "2003-07-01T06:00:00Z", true),
                            Flags.Flag.SEEN));
        }
    }

    /** One message on the target that an earlier migration already put there: same Message-ID as source message 7. */
    void seedTargetLeftover(int port, String targetUser, String password, String sourceUser) throws MessagingException {
        String local = sourceUser.substring(0, sourceUser.indexOf('@'));
        try (Store store = connect(port, targetUser, password)) {
            append(store, "INBOX", text(local, 7, "Already copied by an earlier tool", "2021-06-01T10:00:00Z", true));
        }
    }

    /** One new message in the source INBOX, as if it arrived after the first pass (the demo's delta copies it). */
    void deliverNew(int port, String user, String password, String subject) throws MessagingException {
        String local = user.substring(0, user.indexOf('@'));
        try (Store store = connect(port, user, password)) {
            append(store, "INBOX", text(local, 40, subject, "2024-07-01T08:00:00Z", true));
        }
    }

    private Store connect(int port, String user, String password) throws MessagingException {
        Store store = session.getStore("imap");
        store.connect("127.0.0.1", port, user, password);
        return store;
    }

    private static void append(Store store, String path, Message... messages) throws MessagingException {
        Folder folder = store.getDefaultFolder();
        char sep = folder.getSeparator();
        StringBuilder name = new StringBuilder();
        for (String segment : path.split("/")) {
            if (name.length() > 0) {
                name.append(sep);
            }
            name.append(segment);
            folder = store.getFolder(name.toString());
            if (!folder.exists()) {
                folder.create(Folder.HOLDS_MESSAGES | Folder.HOLDS_FOLDERS);
            }
        }
        folder.appendMessages(messages);
    }

    private MimeMessage base(String local, int n, String subject, String date, boolean withId)
            throws MessagingException {
        MimeMessage m = new FixedIdMessage(session);
        m.setFrom(new InternetAddress(n >= 10 && n < 20 ? local + "@old.example" : "colleague@partner.example"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(n >= 10 && n < 20 ? "team@partner.example"
                : local + "@old.example"));
        m.setSubject(subject, "UTF-8");
        m.setSentDate(Date.from(Instant.parse(date)));
        if (withId) {
            m.setHeader("Message-ID", "<demo-" + local + "-" + n + "@old.example>");
        }
        return m;
    }

    private MimeMessage text(String local, int n, String subject, String date, boolean withId)
            throws MessagingException {
        MimeMessage m = base(local, n, subject, date, withId);
        m.setText("Hello " + local + ",\n\n" + subject + ".\n\nThis is sample message " + n
                + " of the Mailferry demo.\nGrüße / 敬具\n", "UTF-8");
        m.saveChanges();
        return m;
    }

    private MimeMessage attachment(String local, int n, String subject, String date) throws MessagingException {
        MimeMessage m = base(local, n, subject, date, true);
        MimeBodyPart body = new MimeBodyPart();
        body.setText("Please find the document attached.\n", "UTF-8");
        MimeBodyPart file = new MimeBodyPart();
        byte[] data = new byte[48 * 1024];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + n);
        }
        file.setDataHandler(new DataHandler(new ByteArrayDataSource(data, "application/pdf")));
        file.setFileName("document-" + n + ".pdf");
        MimeMultipart mp = new MimeMultipart();
        mp.addBodyPart(body);
        mp.addBodyPart(file);
        m.setContent(mp);
        m.saveChanges();
        return m;
    }

    private static MimeMessage withFlags(MimeMessage m, Flags.Flag... flags) throws MessagingException {
        for (Flags.Flag f : flags) {
            m.setFlag(f, true);
        }
        return m;
    }

    private static MimeMessage withKeyword(MimeMessage m, String keyword) throws MessagingException {
        m.setFlags(new Flags(keyword), true);
        return m;
    }

    static List<String> folders() {
        return new ArrayList<>(List.of("INBOX", "Sent Items", "Drafts", "Projects", "Projects/2019",
                "Projects/Überblick", "Archiv/日本語"));
    }
}
