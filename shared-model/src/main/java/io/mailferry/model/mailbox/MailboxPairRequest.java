package io.mailferry.model.mailbox;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.mailferry.model.connection.Secret;
import java.util.Arrays;

/**
 * A source mailbox and the target mailbox it migrates into. Credentials are optional: without them the connection's
 * own login (or its master user) opens the mailbox.
 *
 * @param sourceMailbox address or login of the source mailbox (also the master-user target user)
 * @param targetMailbox address or login of the target mailbox
 * @param sourceRoot    the source folder this user's mailbox lives under, "/"-separated without leading or trailing
 *                      "/" (e.g. {@code users/terry.adams}, Microsoft's UserRoot for an administrator login that sees
 *                      many users' folders); only that subtree migrates, as if it were the whole mailbox. Null (the
 *                      usual case) migrates the whole mailbox.
 */
public record MailboxPairRequest(
        String sourceMailbox,
        String targetMailbox,
        String sourceUser,
        Secret sourcePassword,
        String targetUser,
        Secret targetPassword,
        String sourceRoot) {

    /** Normalises {@code sourceRoot}: surrounding spaces and "/" and empty segments dropped; blank becomes null. */
    @JsonCreator
    public MailboxPairRequest {
        sourceRoot = normalizedRoot(sourceRoot);
    }

    /** A pair over the whole source mailbox (no source root). */
    public MailboxPairRequest(String sourceMailbox, String targetMailbox, String sourceUser, Secret sourcePassword,
            String targetUser, Secret targetPassword) {
        this(sourceMailbox, targetMailbox, sourceUser, sourcePassword, targetUser, targetPassword, null);
    }

    private static String normalizedRoot(String root) {
        if (root == null) {
            return null;
        }
        String joined = String.join("/", Arrays.stream(root.strip().split("/"))
                .filter(s -> !s.isEmpty()).toList());
        return joined.isEmpty() ? null : joined;
    }

    public static MailboxPairRequest of(String source, String target) {
        return new MailboxPairRequest(source, target, null, null, null, null, null);
    }
}
