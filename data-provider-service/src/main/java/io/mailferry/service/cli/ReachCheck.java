package io.mailferry.service.cli;

import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.mailbox.MailboxPairRequest;

/**
 * The connection a pair really logs in with, for testing a side before a CSV run: a master-user connection as it is
 * (its test is given the pair's mailbox apart, and logs in for it as the pass will); in password mode the pair's own
 * login, or its mailbox name with the side's password, which is what the engine does.
 */
final class ReachCheck {
    private ReachCheck() {
    }

    static ConnectionRequest of(ConnectionRequest side, MailboxPairRequest pair, boolean source) {
        ImapSettings s = side.imap();
        if (s == null || s.authMode() == ImapAuthMode.MASTER_USER) {
            return side;
        }
        String ownUser = source ? pair.sourceUser() : pair.targetUser();
        Secret ownPassword = source ? pair.sourcePassword() : pair.targetPassword();
        String mailbox = source ? pair.sourceMailbox() : pair.targetMailbox();
        boolean own = ownUser != null && !ownUser.isBlank();
        String user = own ? ownUser : blank(s.user()) ? mailbox : s.user();
        Secret password = own && ownPassword != null && !ownPassword.isBlank() ? ownPassword : side.secret();
        return new ConnectionRequest(side.name(), side.role(), side.kind(), new ImapSettings(s.host(), s.port(),
                s.security(), s.authMode(), user, s.masterSeparator(), s.trustedCertificatePem()), side.graph(),
                side.ews(), password);
    }

    private static boolean blank(String v) {
        return v == null || v.isBlank();
    }
}
