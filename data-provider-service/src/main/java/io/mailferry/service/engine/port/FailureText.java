package io.mailferry.service.engine.port;

import java.nio.file.FileSystemException;
import java.util.Locale;

/**
 * The one sentence an admin reads for a failure nobody planned for — never an exception's class name or a stack of
 * library words. Disk trouble anywhere in the chain of causes (a full disk, a read-only file system, a file the
 * service may not write; also as the embedded database words it) is named as such, with the path where the failure
 * carries one, because the admin can act on it; anything else is an internal error whose details are in the log.
 */
public final class FailureText {
    private static final String DISK_TROUBLE = "Mailferry could not write to ";

    private FailureText() {
    }

    /** A plain sentence for {@code e}, thrown where no failure was expected. */
    public static String unexpected(Throwable e) {
        return unexpected(e, null);
    }

    /** As {@link #unexpected(Throwable)}; {@code store} names the data directory when the failure names no path. */
    public static String unexpected(Throwable e, String store) {
        String disk = diskTrouble(e, store);
        if (disk != null) {
            return disk;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return outOfMemory(JavaHeap.capBytes());
            }
        }
        return "Mailferry failed unexpectedly (an internal error); the service log has the details.";
    }

    /**
     * What went wrong on the way to a server, as the end of a sentence naming it ("Google's sign-in service" + this):
     * "could not be found (the host name does not resolve)", "did not answer in time", "could not be reached
     * (connection refused or network unreachable)", "could not be reached over TLS (its certificate is not trusted,
     * or the TLS handshake failed)" or "closed the connection (the TLS session broke off)", after the first such cause in {@code e}'s chain;
     * null when the chain holds none of them.
     */
    public static String networkCause(Throwable e) {
        java.util.Map<Throwable, Boolean> seen = new java.util.IdentityHashMap<>();
        for (Throwable t = e; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof java.net.http.HttpTimeoutException || t instanceof java.net.SocketTimeoutException) {
                return "did not answer in time";
            }
            if (t instanceof java.net.UnknownHostException) {
                return "could not be found (the host name does not resolve)";
            }
            if (t instanceof java.net.ConnectException || t instanceof java.net.NoRouteToHostException) {
                return "could not be reached (connection refused or network unreachable)";
            }
            if (isA(t, "javax.net.ssl.SSLHandshakeException")) {
                return "could not be reached over TLS (its certificate is not trusted, or the TLS handshake failed)";
            }
            if (isA(t, "javax.net.ssl.SSLException")) {
                return "closed the connection (the TLS session broke off)";
            }
        }
        return null;
    }

    /** True when {@link #plain} keeps {@code e}'s own message: a sentence of ours, not an internal error's. */
    public static boolean ownSentence(Throwable e) {
        return e.getMessage() != null && plain(e, null).equals(e.getMessage().strip());
    }

    /** {@link #networkCause}, or "closed the connection" when the chain names no cause. */
    public static String connectionTrouble(Throwable e) {
        String cause = networkCause(e);
        return cause == null ? "closed the connection" : cause;
    }

    /** {@code t} is a {@code className} or a subclass of it (named: the ports depend on {@code java.*} alone). */
    private static boolean isA(Throwable t, String className) {
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A pass that ran out of memory: what it copied is recorded, and the next pass goes on from there; names the heap's
     * cap ({@code maxHeapBytes}, {@link Long#MAX_VALUE} when there is none) and where an admin raises it (ADR 0040).
     */
    static String outOfMemory(long maxHeapBytes) {
        String cap = maxHeapBytes == Long.MAX_VALUE ? "" : " (its Java heap may hold " + (maxHeapBytes >> 20) + " MB)";
        return "Mailferry ran out of memory during this mailbox's pass" + cap + "; what it copied is recorded and the "
                + "next pass goes on from there. Give it a larger heap (-Xmx, e.g. -Xmx2g: JAVA_TOOL_OPTIONS in the "
                + "installed service's settings; for a command, MAILFERRY_JAVA_OPTS, or JAVA_TOOL_OPTIONS on Windows "
                + "and macOS) or run fewer mailboxes at once; the service log has the details.";
    }

    /**
     * The sentence to show for {@code e}, thrown with a message of our own ("Could not open the database X: " + the
     * library's words): disk trouble as {@link #diskTrouble}, else that message without the words it took from its
     * cause, and without anything that reads like a library's (a class name, SQLite's codes, several lines); a
     * message with nothing plain left is an internal error ({@link #unexpected(Throwable)}).
     */
    public static String plain(Throwable e, String store) {
        String disk = diskTrouble(e, store);
        if (disk != null) {
            return disk;
        }
        String m = e.getMessage() == null ? "" : e.getMessage().strip();
        String causeWords = e.getCause() == null || e.getCause().getMessage() == null ? ""
                : e.getCause().getMessage().strip();
        if (!causeWords.isEmpty() && m.indexOf(causeWords) > 0) {
            m = m.substring(0, m.indexOf(causeWords)).replaceAll("[\\s:;,(]+$", "") + ".";
        }
        boolean raw = m.isEmpty() || m.contains("\n") || m.contains("Exception") || m.contains("[SQLITE")
                || m.contains("java.") || m.contains("org.");
        return raw ? unexpected(e, store) : m;
    }

    /** True when {@code sentence} is one of {@link #diskTrouble}'s. */
    public static boolean isDiskTrouble(String sentence) {
        return sentence != null && sentence.startsWith(DISK_TROUBLE);
    }

    /** The sentence for disk trouble somewhere in {@code e}'s causes, or null when there is none. */
    public static String diskTrouble(Throwable e) {
        return diskTrouble(e, null);
    }

    /** As {@link #diskTrouble(Throwable)}; {@code store} names the data directory when the failure names no path. */
    public static String diskTrouble(Throwable e, String store) {
        return trouble(e, store != null ? "its data directory " + store : "its data directory or temporary files");
    }

    /**
     * The sentence for a temporary file (a large message being buffered) that could not be written in
     * {@code tempDir}: always disk trouble ({@link #isDiskTrouble}), with the cause when {@code e}'s chain names one.
     */
    public static String temporaryFile(Throwable e, String tempDir) {
        String where = "its temporary directory " + tempDir;
        String disk = trouble(e, where);
        return disk != null ? disk : DISK_TROUBLE + where + ": the operating system refused the file (the log has"
                + " the details). Check that the directory exists, has space and that the service's user may write"
                + " there.";
    }

    /** The directory temporary files go to ({@code java.io.tmpdir}). */
    public static String temporaryDirectory() {
        return System.getProperty("java.io.tmpdir");
    }

    private static String trouble(Throwable e, String fallbackWhere) {
        String path = null;
        for (Throwable t = e; t != null && path == null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FileSystemException fs && fs.getFile() != null) {
                path = fs.getFile();
            }
        }
        String where = path != null ? path : fallbackWhere;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String words = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (words.contains("no space left") || words.contains("disk is full") || words.contains("sqlite_full")
                    || words.contains("disk quota exceeded")) {
                return DISK_TROUBLE + where + ": the disk is full. Free some space and run the"
                        + " pass again; what was copied is kept and is not copied twice.";
            }
            if (words.contains("read-only file system") || words.contains("readonly database")
                    || words.contains("sqlite_readonly")) {
                return DISK_TROUBLE + where + ": the file system is read-only.";
            }
            if (t instanceof java.nio.file.AccessDeniedException) {
                return DISK_TROUBLE + where + ": the service's user may not write there.";
            }
        }
        return null;
    }
}
