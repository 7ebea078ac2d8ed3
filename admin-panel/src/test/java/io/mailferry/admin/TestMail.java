package io.mailferry.admin;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.activation.DataHandler;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.util.Properties;

/** GreenMail IMAP servers on free loopback ports, and the messages the end-to-end UI tests fill them with. */
final class TestMail {

    private TestMail() {
    }

    /** A started GreenMail IMAP server on 127.0.0.1 and a free port. */
    static GreenMail imapServer() {
        GreenMail g = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort());
        g.start();
        return g;
    }

    /** A text message, or with {@code attachment} (a PDF named {@code fileName}) when it is not null. */
    static MimeMessage message(String from, String to, String subject, byte[] attachment, String fileName)
            throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress(from));
        m.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(to));
        m.setSubject(subject);
        if (attachment == null) {
            m.setText("Body of " + subject + ".\r\n");
        } else {
            MimeBodyPart text = new MimeBodyPart();
            text.setText("The scan, as discussed.\r\n");
            MimeBodyPart file = new MimeBodyPart();
            file.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment, "application/pdf")));
            file.setFileName(fileName);
            m.setContent(new MimeMultipart(text, file));
        }
        m.saveChanges();
        return m;
    }
}
