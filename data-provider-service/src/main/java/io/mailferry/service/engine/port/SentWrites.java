package io.mailferry.service.engine.port;

import java.util.List;

/**
 * Writes sent to a target whose answers have not been read yet ({@link TargetMailbox#send}).
 */
@FunctionalInterface
public interface SentWrites {
    /**
     * The result of each write in the order sent, reading the target's answers if they are not read yet. Called once;
     * throws as {@link TargetMailbox#write} does (a lost connection: the engine reconciles what arrived).
     */
    List<WriteResult> results() throws MailboxException;
}
