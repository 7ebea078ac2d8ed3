package io.mailferry.service.engine;

import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailboxAccess.Login;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import java.time.Instant;
import java.util.List;

/**
 * What the mailbox contracts need from a server (or a fake): fresh mailboxes, a way to put folders and items into
 * them that does not go through the implementation under test, and what the server can do. Every connector and every
 * fake provides one, so that the same {@code *Contract} suites run against all of them.
 */
public interface MailboxFixture {
    /** A new, empty mailbox (a server may add its default folders). */
    Login newMailbox();

    SourceMailbox openSource(Login login) throws MailboxException;

    TargetMailbox openTarget(Login login) throws MailboxException;

    void createFolder(Login login, List<String> path);

    /** Stores one message in the folder at {@code path} (created before), with the given state and received date. */
    void seed(Login login, List<String> path, byte[] raw, ItemState state, Instant received);

    /**
     * Marks the message with {@code messageId} in the folder at {@code path} read, as another client would (not
     * through the implementation under test).
     */
    default void markRead(Login login, List<String> path, String messageId) {
        throw new UnsupportedOperationException("this fixture cannot change a message's state");
    }

    /** The server's hierarchy separator (a folder name segment cannot contain it), 0 when it has none. */
    char separator();

    /** Folders carry special-use / well-known types (else types come from well-known names). */
    boolean specialUse();

    /** Writes report the new items' ids (IMAP: UIDPLUS APPENDUID). */
    boolean reportsWrittenIds();

    /** A message this server refuses to store, or null when none is known. */
    byte[] rejectedMessage();
}
