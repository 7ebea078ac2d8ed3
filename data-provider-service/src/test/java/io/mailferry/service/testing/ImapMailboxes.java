package io.mailferry.service.testing;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.Literal;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;

/**
 * Seeds and reads whole mailboxes over plain IMAP with Angus' protocol layer, independent of Mailferry's connector:
 * {@link #append} sends exact bytes with flags and INTERNALDATE, one APPEND after the other on one connection;
 * {@link #snapshot} fetches every message of every folder ({@code BODY.PEEK[]}, FLAGS, INTERNALDATE) and keeps its
 * SHA-256, so two mailboxes can be compared as multisets.
 */
public final class ImapMailboxes {
    /** A message to seed: its exact bytes, flags ("\\Seen", keywords) and INTERNALDATE. */
    public record Seed(byte[] raw, Set<String> flags, Instant internalDate) {
    }

    /** A message as the server holds it; ordered so that equal multisets give equal sorted lists. */
    public record Stored(String sha256, int size, Set<String> flags, Instant internalDate)
            implements Comparable<Stored> {
        private static final Comparator<Stored> ORDER = Comparator.comparing(Stored::sha256)
                .thenComparing(s -> s.flags().toString()).thenComparing(Stored::internalDate);

        @Override
        public int compareTo(Stored o) {
            return ORDER.compare(this, o);
        }
    }

    private static final int FETCH_CHUNK = 100;
    private final String host;
    private final int port;

    public ImapMailboxes(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Creates the folders (parents first) and appends the messages, in order, on one connection. */
    public void append(String user, String password, Map<String, List<Seed>> folders) throws MessagingException {
        try (Store store = connect(user, password)) {
            for (Map.Entry<String, List<Seed>> e : folders.entrySet()) {
                IMAPFolder folder = (IMAPFolder) store.getFolder(e.getKey());
                if (!folder.exists() && !folder.create(Folder.HOLDS_MESSAGES | Folder.HOLDS_FOLDERS)) {
                    throw new MessagingException("Could not create " + e.getKey());
                }
                String name = folder.getFullName();
                for (Seed seed : e.getValue()) {
                    folder.doCommand(p -> {
                        p.append(name, flags(seed.flags()), java.util.Date.from(seed.internalDate()), literal(seed.raw()));
                        return null;
                    });
                }
            }
        }
    }

    /**
     * Deletes {@code folderName} and creates it again with the same messages (bytes, flags, received dates), in the
     * same order: the server gives it a new UIDVALIDITY, so every message gets a new identity. Returns the old and
     * the new UIDVALIDITY.
     */
    public long[] recreate(String user, String password, String folderName) throws MessagingException {
        List<Seed> again = new ArrayList<>();
        long before;
        try (Store store = connect(user, password)) {
            IMAPFolder folder = (IMAPFolder) store.getFolder(folderName);
            folder.open(Folder.READ_ONLY);
            before = folder.getUIDValidity();
            int count = folder.getMessageCount();
            Response[] responses = count == 0 ? new Response[0] : (Response[]) folder.doCommand(
                    p -> p.fetch(1, count, "FLAGS INTERNALDATE BODY.PEEK[]"));
            for (Response r : responses) {
                if (r instanceof FetchResponse fr) {
                    ByteArray bytes = fr.getItem(BODY.class).getByteArray();
                    again.add(new Seed(java.util.Arrays.copyOfRange(bytes.getBytes(), bytes.getStart(),
                            bytes.getStart() + bytes.getCount()),
                            names(fr.getItem(org.eclipse.angus.mail.imap.protocol.FLAGS.class)),
                            fr.getItem(INTERNALDATE.class).getDate().toInstant()));
                }
            }
            if (again.size() != count) {
                throw new MessagingException("Fetched " + again.size() + " of " + count + " messages of " + folderName);
            }
            folder.close(false);
            if (!folder.delete(false)) {
                throw new MessagingException("Could not delete " + folderName);
            }
        }
        append(user, password, Map.of(folderName, again));
        try (Store store = connect(user, password)) {
            IMAPFolder folder = (IMAPFolder) store.getFolder(folderName);
            folder.open(Folder.READ_ONLY);
            long after = folder.getUIDValidity();
            folder.close(false);
            return new long[] {before, after};
        }
    }

    /** Every selectable folder (full name, '/' separated) with its messages, sorted. */
    public Map<String, List<Stored>> snapshot(String user, String password) throws MessagingException {
        Map<String, List<Stored>> result = new TreeMap<>();
        try (Store store = connect(user, password)) {
            for (Folder f : store.getDefaultFolder().list("*")) {
                if ((f.getType() & Folder.HOLDS_MESSAGES) == 0) {
                    continue;
                }
                f.open(Folder.READ_ONLY);
                try {
                    result.put(f.getFullName(), read((IMAPFolder) f));
                } finally {
                    f.close(false);
                }
            }
        }
        return result;
    }

    /** Every selectable folder (its path) with its messages' bytes in arrival (sequence) order. */
    public Map<List<String>, List<byte[]>> raw(String user, String password) throws MessagingException {
        Map<List<String>, List<byte[]>> result = new java.util.LinkedHashMap<>();
        try (Store store = connect(user, password)) {
            for (Folder f : store.getDefaultFolder().list("*")) {
                if ((f.getType() & Folder.HOLDS_MESSAGES) == 0) {
                    continue;
                }
                f.open(Folder.READ_ONLY);
                try {
                    List<byte[]> bodies = new ArrayList<>();
                    int count = f.getMessageCount();
                    if (count > 0) {
                        Response[] responses = (Response[]) ((IMAPFolder) f).doCommand(
                                p -> p.fetch(1, count, "BODY.PEEK[]"));
                        for (Response r : responses) {
                            if (r instanceof FetchResponse fr) {
                                bodies.add(fr.getItem(BODY.class).getByteArray().getNewBytes());
                            }
                        }
                    }
                    result.put(List.of(f.getFullName().split(java.util.regex.Pattern.quote(
                            String.valueOf(f.getSeparator())))), bodies);
                } finally {
                    f.close(false);
                }
            }
        }
        return result;
    }

    private static List<Stored> read(IMAPFolder folder) throws MessagingException {
        int count = folder.getMessageCount();
        List<Stored> out = new ArrayList<>(count);
        for (int from = 1; from <= count; from += FETCH_CHUNK) {
            int to = Math.min(count, from + FETCH_CHUNK - 1);
            int first = from;
            Response[] responses = (Response[]) folder.doCommand(
                    p -> p.fetch(first, to, "FLAGS INTERNALDATE BODY.PEEK[]"));
            Response last = responses[responses.length - 1];
            if (!last.isOK()) {
                throw new MessagingException("FETCH failed in " + folder.getFullName() + ": " + last);
            }
            for (Response r : responses) {
                if (!(r instanceof FetchResponse fr)) {
                    continue;
                }
                BODY body = fr.getItem(BODY.class);
                Flags flags = fr.getItem(org.eclipse.angus.mail.imap.protocol.FLAGS.class);
                INTERNALDATE date = fr.getItem(INTERNALDATE.class);
                ByteArray bytes = body.getByteArray();
                out.add(new Stored(sha256(bytes), bytes.getCount(), names(flags), date.getDate().toInstant()));
            }
        }
        if (out.size() != count) {
            throw new MessagingException("Fetched " + out.size() + " of " + count + " messages of "
                    + folder.getFullName());
        }
        out.sort(null);
        return out;
    }

    /** Deliberately not the connector's ImapFlags: the proof must not reuse the code it checks. */
    static Set<String> names(Flags flags) {
        Set<String> out = new TreeSet<>();
        for (Flags.Flag f : flags.getSystemFlags()) {
            if (f == Flags.Flag.SEEN) {
                out.add("\\Seen");
            } else if (f == Flags.Flag.ANSWERED) {
                out.add("\\Answered");
            } else if (f == Flags.Flag.FLAGGED) {
                out.add("\\Flagged");
            } else if (f == Flags.Flag.DRAFT) {
                out.add("\\Draft");
            } else if (f == Flags.Flag.DELETED) {
                out.add("\\Deleted");
            }
            // \Recent belongs to a session, not to the message
        }
        out.addAll(List.of(flags.getUserFlags()));
        return out;
    }

    static Flags flags(Set<String> names) {
        Flags f = new Flags();
        for (String n : names) {
            switch (n) {
                case "\\Seen" -> f.add(Flags.Flag.SEEN);
                case "\\Answered" -> f.add(Flags.Flag.ANSWERED);
                case "\\Flagged" -> f.add(Flags.Flag.FLAGGED);
                case "\\Draft" -> f.add(Flags.Flag.DRAFT);
                default -> f.add(n);
            }
        }
        return f;
    }

    private static Literal literal(byte[] raw) {
        return new Literal() {
            @Override
            public int size() {
                return raw.length;
            }

            @Override
            public void writeTo(OutputStream os) throws IOException {
                os.write(raw);
            }
        };
    }

    private static String sha256(ByteArray bytes) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes.getBytes(), bytes.getStart(), bytes.getCount());
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Store connect(String user, String password) throws MessagingException {
        return connect(host, port, user, password);
    }

    /** A plain-IMAP Angus store logged in as {@code user}. */
    static Store connect(String host, int port, String user, String password) throws MessagingException {
        Properties p = new Properties();
        p.put("mail.imap.host", host);
        p.put("mail.imap.port", String.valueOf(port));
        Store store = Session.getInstance(p).getStore("imap");
        store.connect(host, port, user, password);
        return store;
    }
}
