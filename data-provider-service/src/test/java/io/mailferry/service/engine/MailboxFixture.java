package io.mailferry.service.engine;

import io.mailferry.service.engine.MailboxAccess.Login;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What the mailbox contracts need from a server (or a fake): fresh mailboxes, a way to put folders and messages into
 * them that does not go through the implementation under test, and what the server can do.
 */
public interface MailboxFixture {
    /** A new, empty mailbox (a server may add its default folders). */
    Login newMailbox();

    SourceMailbox openSource(Login login) throws MailboxException;

    TargetMailbox openTarget(Login login) throws MailboxException;

    void createFolder(Login login, List<String> path);

    void seed(Login login, List<String> path, byte[] raw, Set<String> flags, Instant internalDate);

    /** The server's hierarchy separator (a folder name segment cannot contain it). */
    char separator();

    /** Folders carry SPECIAL-USE attributes (else types come from well-known names). */
    boolean specialUse();

    /** Appends report the new UIDs (UIDPLUS APPENDUID). */
    boolean reportsAppendUids();

    /** A message this server refuses to store, or null when none is known. */
    byte[] rejectedMessage();
}
