package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.MailboxInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logged-in IMAP connection shared by the source and target mailboxes. Angus Mail does the connect, TLS, login
 * and capability handling; every mailbox command then runs as a raw command on the store's single connection
 * ({@link IMAPFolder#doCommand}), so a page is one round trip and no second connection is ever opened for a
 * selected folder. Not thread-safe (one session per engine worker).
 */
final class ImapSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ImapSession.class);

    /** A command run on the connection; may use several IMAP commands, all on the same protocol object. */
    @FunctionalInterface
    interface Command<T> {
        T run(IMAPProtocol p) throws ProtocolException;
    }

    /** What the server told this session that stays true while it lasts; read once, by {@link ImapFolders}. */
    static final class Facts {
        /** The personal namespace's prefix ("" without one), or null: not read yet. */
        String prefix;
        /** Whether folder names are case-sensitive, or null: not probed yet. */
        Boolean caseSensitive;
    }

    private final ImapConnectionConfig config;
    private final IMAPStore store;
    private final Facts facts = new Facts();
    private volatile boolean closed;
    private final IMAPFolder root;
    private final String login;
    /** Why the connection was lost (the sentence of that moment), or null while it works. */
    private String broken;
    private IMAPProtocol selectedOn;
    private String selectedName;
    private boolean selectedWritable;
    private long selectedUidValidity;

    private ImapSession(ImapConnectionConfig config, IMAPStore store, String login) throws MessagingException {
        this.config = config;
        this.store = store;
        this.login = login;
        this.root = (IMAPFolder) store.getDefaultFolder();
    }

    static ImapSession open(ImapConnectionConfig config, String login, String password, int readTimeoutMillis)
            throws MailboxException {
        // outside the try: an invalid trusted certificate is a configuration error (IllegalArgumentException)
        Session session = config.session(readTimeoutMillis);
        IMAPStore store = null;
        try {
            boolean tls = config.protocol().equals("imaps");
            store = MailferryImapStore.open(session, tls, config.gmail());
            store.connect(config.settings().host(), config.port(), login, password);
            return new ImapSession(config, store, login);
        } catch (MessagingException | RuntimeException e) {
            closeQuietly(store);
            throw ImapFailures.connectFailure(config, login, e, password);
        }
    }

    static ImapSession open(ImapConnectionConfig config, String login, String password) throws MailboxException {
        return open(config, login, password, ImapConnectionConfig.READ_TIMEOUT_MILLIS);
    }

    ImapConnectionConfig config() {
        return config;
    }

    String login() {
        return login;
    }

    Facts facts() {
        return facts;
    }

    boolean hasCapability(String name) throws MailboxException {
        try {
            return store.hasCapability(name);
        } catch (MessagingException e) {
            throw failure("reading its capabilities", e, Kind.FATAL);
        }
    }

    /** Capabilities as the server announced them after login (informational). */
    List<String> capabilities() throws MailboxException {
        return run("reading its capabilities", Kind.FATAL, p -> {
            Map<String, String> caps = p.getCapabilities();
            return caps == null ? List.of() : new ArrayList<>(caps.values());
        });
    }

    /** Runs {@code command} on the connection and maps failures: NO → {@code onRefusal}, lost link → CONNECTION. */
    @SuppressWarnings("unchecked")
    <T> T run(String action, Kind onRefusal, Command<T> command) throws MailboxException {
        if (broken != null) {
            // the sentence of the moment it was lost, which is what the admin needs, not that it was used again
            throw new MailboxException(Kind.CONNECTION, broken);
        }
        try {
            return (T) root.doCommand(command::run);
        } catch (MessagingException e) {
            throw failure(action, e, onRefusal);
        }
    }

    private MailboxException failure(String action, Exception e, Kind onRefusal) {
        MailboxException me = ImapFailures.commandFailure(config, action, e, onRefusal);
        if (me.kind() == Kind.CONNECTION) {
            broken = me.getMessage();
            selectedOn = null;
            LOG.debug("{} lost while {}", config.describe(), action, e);
            closeQuietly(store);
        }
        return me;
    }

    /**
     * Selects {@code fullName} unless it already is: EXAMINE for reading (the source stays untouched, \Recent is
     * kept), SELECT when {@code writable}. Must be called inside the command that then uses the selection.
     */
    MailboxInfo select(IMAPProtocol p, String fullName, boolean writable) throws ProtocolException {
        if (isSelected(p, fullName, writable)) {
            return null;
        }
        selectedOn = null; // a failed SELECT leaves no mailbox selected
        MailboxInfo info = writable ? p.select(fullName) : p.examine(fullName);
        selectedOn = p;
        selectedName = fullName;
        selectedWritable = writable;
        selectedUidValidity = info.uidvalidity;
        return info;
    }

    /** The UIDVALIDITY of the selected folder, as its SELECT or EXAMINE answered (0 when none is selected). */
    long selectedUidValidity() {
        return selectedOn == null ? 0 : selectedUidValidity;
    }

    /** True when {@code fullName} is selected on {@code p} (read-write when {@code writable} is asked). */
    boolean isSelected(IMAPProtocol p, String fullName, boolean writable) {
        return p == selectedOn && fullName.equals(selectedName) && (selectedWritable || !writable);
    }

    /**
     * Records a selection made by a pipelined command ({@code null} name: none selected, as after a failed EXAMINE).
     */
    void selected(IMAPProtocol p, String fullName, boolean writable, long uidValidity) {
        selectedUidValidity = uidValidity;
        selectedOn = fullName == null ? null : p;
        selectedName = fullName;
        selectedWritable = writable;
    }

    /** A raw command: untagged responses go to Angus's handlers too, a NO/BAD/BYE result throws. */
    static Response[] execute(IMAPProtocol p, String command, Argument args) throws ProtocolException {
        Response[] r = p.command(command, args);
        p.notifyResponseHandlers(r);
        p.handleResult(r[r.length - 1]);
        return r;
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(store);
    }

    /** True once {@link #close} began: logged out (tests of who closes a session). */
    boolean closed() {
        return closed;
    }

    private static void closeQuietly(IMAPStore store) {
        if (store != null) {
            try {
                store.close();
            } catch (MessagingException | RuntimeException e) {
                LOG.debug("closing IMAP store", e);
            }
        }
    }
}
