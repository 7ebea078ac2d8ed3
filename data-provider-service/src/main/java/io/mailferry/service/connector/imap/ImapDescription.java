package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.port.ItemDescription;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeUtility;
import java.text.ParseException;
import java.time.Instant;

/**
 * A listed message's description from its fetched header fields, each value worked out on first use
 * ({@link ItemDescription.Deferred}): the subject decoded from its RFC 2047 words, the Date header parsed as RFC 5322
 * writes it (leniently; null when unreadable).
 */
final class ImapDescription extends ItemDescription.Deferred {
    /** One parser per thread (it is not thread-safe, and building one costs more than parsing a date). */
    private static final ThreadLocal<MailDateFormat> DATES = ThreadLocal.withInitial(MailDateFormat::new);

    ImapDescription(ImapHeaderBlock h, long size) {
        super(h.header("Date", null), h.header("From", ","), h.header("To", ","), h.header("Cc", ","),
                h.header("Subject", null), size);
    }

    @Override
    protected String decodeSubject(String raw) {
        try {
            return MimeUtility.decodeText(MimeUtility.unfold(raw)).trim();
        } catch (java.io.UnsupportedEncodingException | RuntimeException e) {
            return raw.trim();
        }
    }

    @Override
    protected Instant parseDate(String raw) {
        try {
            return DATES.get().parse(MimeUtility.unfold(raw).trim()).toInstant();
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }
}
