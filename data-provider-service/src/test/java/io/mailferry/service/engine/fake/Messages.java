package io.mailferry.service.engine.fake;

/** Small RFC 5322 messages for tests. */
public final class Messages {
    private Messages() {
    }

    public static String message(String subject, String messageId) {
        return message(subject, messageId, "Hello.");
    }

    public static String message(String subject, String messageId, String body) {
        return (messageId == null ? "" : "Message-ID: " + messageId + "\r\n")
                + "From: alice@example.com\r\nTo: bob@example.com\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\n"
                + "Subject: " + subject + "\r\n\r\n" + body + "\r\n";
    }
}
