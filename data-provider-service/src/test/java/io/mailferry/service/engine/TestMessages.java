package io.mailferry.service.engine;

import java.nio.charset.StandardCharsets;

/** Raw RFC 5322 test messages with CRLF line ends. */
public final class TestMessages {
    private TestMessages() {
    }

    public static byte[] simple(String subject, String messageId) {
        return message(subject, messageId, "Hello " + subject + "\r\n");
    }

    public static byte[] message(String subject, String messageId, String body) {
        StringBuilder sb = new StringBuilder();
        sb.append("Date: Tue, 3 Mar 2020 10:15:00 +0100\r\n");
        sb.append("From: Alice Example <alice@example.com>\r\n");
        sb.append("To: Bob <bob@example.com>,\r\n  Carol <carol@example.com>\r\n");
        sb.append("Cc: dave@example.com\r\n");
        sb.append("Subject: ").append(subject).append("\r\n");
        if (messageId != null) {
            sb.append("Message-ID: ").append(messageId).append("\r\n");
        }
        sb.append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
        sb.append(body);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A message of about {@code bytes} bytes (base64-like lines, CRLF). */
    public static byte[] large(String subject, int bytes) {
        StringBuilder body = new StringBuilder(bytes + 100);
        String line = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3\r\n";
        int i = 0;
        while (body.length() < bytes) {
            body.append(line, 0, line.length() - 6).append(String.format("%04d", i++ % 10000)).append("\r\n");
        }
        return message(subject, "<large-" + subject + "@example.com>", body.toString());
    }
}
