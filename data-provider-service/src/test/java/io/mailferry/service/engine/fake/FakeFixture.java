package io.mailferry.service.engine.fake;

import io.mailferry.model.job.FolderType;
import io.mailferry.service.engine.MailboxFixture;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailboxAccess.Login;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The mailbox contracts' view of the {@link FakeMailServer}: one fake server per mailbox, with CONDSTORE on and the
 * special-use folders a real server creates (Sent, Drafts, Trash, Junk, Archive), so that the contracts hold the fake
 * the engine's tests use to what every connector keeps.
 */
public final class FakeFixture implements MailboxFixture {
    /** A header that makes the fake target refuse a message. */
    static final String REFUSE = "X-Fake-Refuse: yes";
    private static final Instant DEFAULT_DATE = Instant.parse("2024-01-01T00:00:00Z");

    private final boolean source;
    private final Map<String, FakeMailServer> servers = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();

    /** @param source true for a source side ("Source ..." in messages), false for a target side */
    public FakeFixture(boolean source) {
        this.source = source;
    }

    private FakeMailServer server(Login login) {
        FakeMailServer s = servers.get(login.mailbox());
        if (s == null) {
            throw new IllegalArgumentException("no mailbox " + login.mailbox());
        }
        return s;
    }

    @Override
    public Login newMailbox() {
        String mailbox = "user" + next.incrementAndGet() + "@fake.example";
        FakeMailServer s = (source ? FakeMailServer.source() : FakeMailServer.target()).condstore(true)
                .reject(text -> text.contains(REFUSE));
        s.addFolder(FolderType.SENT, "Sent").addFolder(FolderType.DRAFTS, "Drafts")
                .addFolder(FolderType.TRASH, "Trash").addFolder(FolderType.JUNK, "Junk")
                .addFolder(FolderType.ARCHIVE, "Archive");
        servers.put(mailbox, s);
        return new Login(mailbox, mailbox, null);
    }

    @Override
    public SourceMailbox openSource(Login login) throws MailboxException {
        return new FakeAccess(server(login)).openSource(login);
    }

    @Override
    public TargetMailbox openTarget(Login login) throws MailboxException {
        return new FakeAccess(server(login)).openTarget(login);
    }

    @Override
    public void createFolder(Login login, List<String> path) {
        FakeMailServer s = server(login);
        for (int n = 1; n <= path.size(); n++) {
            List<String> p = path.subList(0, n);
            if (!s.folderExists(p)) {
                s.addFolder(p.toArray(String[]::new));
            }
        }
    }

    @Override
    public void seed(Login login, List<String> path, byte[] raw, ItemState state, Instant received) {
        server(login).add(path, raw, received != null ? received : DEFAULT_DATE, FakeFlags.toFlags(state));
    }

    @Override
    public void markRead(Login login, List<String> path, String messageId) {
        FakeMailServer s = server(login);
        for (FakeMailServer.Stored m : s.messages(path)) {
            if (m.text().contains("Message-ID: " + messageId + "\r\n")) {
                Set<String> flags = new LinkedHashSet<>(m.flags());
                flags.add("\\Seen");
                s.setFlags(path, m.uid(), flags);
            }
        }
    }

    @Override
    public char separator() {
        return '.';
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
        return ("Subject: refuse me\r\n" + REFUSE + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
