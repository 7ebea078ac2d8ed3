package io.mailferry.service.connector.ews;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.EwsAuthMode;
import io.mailferry.model.connection.EwsSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.connector.ews.doubles.EwsDouble;
import io.mailferry.service.engine.MailboxFixture;
import io.mailferry.service.engine.TestMessages;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailboxAccess.Login;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The mailbox contracts' view of an {@link EwsDouble} read and written through {@link EwsMailboxAccess}, as a service
 * account with ApplicationImpersonation: each new mailbox has distinguished folders named as the contracts expect
 * (Sent, Drafts, Trash, Junk) and a top-level Archive folder. Pages are capped at 4, so folder and item listings go
 * through several pages. The double refuses messages over 8 MB (ErrorMessageSizeExceeded).
 */
final class EwsFixture implements MailboxFixture {
    static final String ACCOUNT = "svc-mailferry@contoso.example";
    static final String PASSWORD = "Ews-Double-Pass1";
    static final Map<String, String> CONTRACT_NAMES = names();
    static final long SERVER_LIMIT = 8L * 1024 * 1024;

    final EwsDouble ews = new EwsDouble(ACCOUNT, PASSWORD);
    final EwsMailboxAccess source;
    final EwsMailboxAccess target;
    private final AtomicInteger next = new AtomicInteger();

    EwsFixture() {
        ews.pageCap(4);
        ews.maxItemBytes(SERVER_LIMIT);
        source = new EwsMailboxAccess(endpoint(), ConnectionRole.SOURCE);
        target = new EwsMailboxAccess(endpoint(), ConnectionRole.TARGET);
    }

    EwsEndpoint endpoint() {
        return new EwsEndpoint(settings(), new Secret(PASSWORD));
    }

    EwsSettings settings() {
        return new EwsSettings(ews.url().toString(), ACCOUNT, true, null, null, EwsAuthMode.BASIC, 4);
    }

    private static Map<String, String> names() {
        Map<String, String> m = new LinkedHashMap<>(EwsDouble.ENGLISH);
        m.put("sentitems", "Sent");
        m.put("deleteditems", "Trash");
        m.put("junkemail", "Junk");
        return m;
    }

    @Override
    public Login newMailbox() {
        String address = "user" + next.incrementAndGet() + "@contoso.example";
        ews.addMailbox(address, "User " + next.get(), CONTRACT_NAMES);
        ews.createFolder(address, List.of("Archive"));
        return new Login(address, null, null);
    }

    @Override
    public SourceMailbox openSource(Login login) throws MailboxException {
        return source.openSource(login);
    }

    @Override
    public TargetMailbox openTarget(Login login) throws MailboxException {
        return target.openTarget(login);
    }

    @Override
    public void createFolder(Login login, List<String> path) {
        ews.createFolder(login.mailbox(), path);
    }

    @Override
    public void seed(Login login, List<String> path, byte[] raw, ItemState state, Instant received) {
        ews.seed(login.mailbox(), path, raw, state, received);
    }

    @Override
    public void markRead(Login login, List<String> path, String messageId) {
        ews.markRead(login.mailbox(), messageId);
    }

    @Override
    public char separator() {
        return '/';
    }

    @Override
    public boolean specialUse() {
        return true;
    }

    @Override
    public boolean reportsWrittenIds() {
        return true;
    }

    @Override
    public byte[] rejectedMessage() {
        return TestMessages.large("refused", (int) SERVER_LIMIT + 1024 * 1024);
    }
}
