package io.mailferry.service.engine.port;

import java.time.Instant;
import java.util.Objects;

/**
 * What names an item beyond its id, size and state: the header digest its identity falls back on without a
 * Message-ID, its decoded subject and its Date header. A connector may hand over the raw header fields and have these
 * worked out on first use ({@link Deferred}): a pass reads them for few items — the digest of messages without a
 * Message-ID and of those compared with what a target already held, the subject and date of the items a report names
 * — while listing every item (issue 10: hashing and decoding them up front was about 4 % of a many-mailbox pass's
 * CPU). Equal when the three values are equal, however they were obtained. Thread-safe.
 */
public abstract class ItemDescription {
    /** Nothing known: no digest, no subject, no date. */
    public static final ItemDescription NONE = of(null, null, null);

    /**
     * Not read yet: the item was listed without its header fields ({@link SourceMailbox#listUndescribed}), and its
     * Message-ID is not known either; its body will tell. Values all null; equal to {@link #NONE}, but
     * {@link ItemRef#described()} tells them apart.
     */
    public static final ItemDescription UNREAD = new Known(null, null, null);

    ItemDescription() {
    }

    /** Values already worked out. */
    public static ItemDescription of(String headerDigest, String subject, Instant sentDate) {
        return new Known(headerDigest, subject, sentDate);
    }

    /** Hex digest of the identifying headers ({@link HeaderDigest}), or null. */
    public abstract String headerDigest();

    /** Decoded Subject, for reports (may be null). */
    public abstract String subject();

    /** The Date header (may be null). */
    public abstract Instant sentDate();

    @Override
    public final boolean equals(Object o) {
        return o instanceof ItemDescription d && Objects.equals(headerDigest(), d.headerDigest())
                && Objects.equals(subject(), d.subject()) && Objects.equals(sentDate(), d.sentDate());
    }

    @Override
    public final int hashCode() {
        return Objects.hash(headerDigest(), subject(), sentDate());
    }

    @Override
    public final String toString() {
        return "ItemDescription[headerDigest=" + headerDigest() + ", subject=" + subject() + ", sentDate="
                + sentDate() + "]";
    }

    private static final class Known extends ItemDescription {
        private final String headerDigest;
        private final String subject;
        private final Instant sentDate;

        Known(String headerDigest, String subject, Instant sentDate) {
            this.headerDigest = headerDigest;
            this.subject = subject;
            this.sentDate = sentDate;
        }

        @Override
        public String headerDigest() {
            return headerDigest;
        }

        @Override
        public String subject() {
            return subject;
        }

        @Override
        public Instant sentDate() {
            return sentDate;
        }
    }

    /**
     * Worked out from a message's raw header fields on first use, each value once: the digest by {@link HeaderDigest}
     * from Date, From, To, Cc, Subject and the size; the subject and the date by the connector's own decoding.
     */
    public abstract static class Deferred extends ItemDescription {
        private final String date;
        private final String from;
        private final String to;
        private final String cc;
        private final String rawSubject;
        private final long size;
        private String headerDigest;
        private boolean subjectDone;
        private String subject;
        private boolean sentDateDone;
        private Instant sentDate;

        /** The raw (undecoded, possibly folded) header values, null where absent, and the message's size. */
        protected Deferred(String date, String from, String to, String cc, String rawSubject, long size) {
            this.date = date;
            this.from = from;
            this.to = to;
            this.cc = cc;
            this.rawSubject = rawSubject;
            this.size = size;
        }

        /** The subject for reports, from its raw value (not null). */
        protected abstract String decodeSubject(String raw);

        /** The instant of a raw Date header (not null), or null when it cannot be read. */
        protected abstract Instant parseDate(String raw);

        @Override
        public final synchronized String headerDigest() {
            if (headerDigest == null) {
                headerDigest = HeaderDigest.of(date, from, to, cc, rawSubject, size);
            }
            return headerDigest;
        }

        @Override
        public final synchronized String subject() {
            if (!subjectDone) {
                subject = rawSubject == null ? null : decodeSubject(rawSubject);
                subjectDone = true;
            }
            return subject;
        }

        @Override
        public final synchronized Instant sentDate() {
            if (!sentDateDone) {
                sentDate = date == null ? null : parseDate(date);
                sentDateDone = true;
            }
            return sentDate;
        }
    }
}
