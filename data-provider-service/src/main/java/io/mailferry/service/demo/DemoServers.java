package io.mailferry.service.demo;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.util.List;

/**
 * Two embedded IMAP servers on free loopback ports — "old" (the source) and "new" (the target) — with the demo users
 * created on both and the sample mailboxes seeded on the source.
 */
public final class DemoServers implements AutoCloseable {
    /** A demo user: the same login exists on both servers with the same password. */
    public record DemoUser(String sourceAddress, String targetAddress, String password) {
    }

    public static final List<DemoUser> USERS = List.of(
            new DemoUser("anna@old.example", "anna@new.example", "anna-demo-pw"),
            new DemoUser("bob@old.example", "bob@new.example", "bob-demo-pw"));

    private final GreenMail source;
    private final GreenMail target;

    private DemoServers(GreenMail source, GreenMail target) {
        this.source = source;
        this.target = target;
    }

    /** Starts both servers, creates the users and seeds the sample mailboxes. */
    public static DemoServers start() throws Exception {
        GreenMail source = server();
        GreenMail target = server();
        for (DemoUser u : USERS) {
            source.setUser(u.sourceAddress(), u.sourceAddress(), u.password());
            target.setUser(u.targetAddress(), u.targetAddress(), u.password());
        }
        DemoServers servers = new DemoServers(source, target);
        try {
            SampleMailboxes seeder = new SampleMailboxes();
            for (DemoUser u : USERS) {
                seeder.seedSource(servers.sourcePort(), u.sourceAddress(), u.password());
                seeder.seedTargetLeftover(servers.targetPort(), u.targetAddress(), u.password(), u.sourceAddress());
            }
        } catch (Exception e) {
            servers.close();
            throw e;
        }
        return servers;
    }

    private static GreenMail server() {
        GreenMail g = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort());
        g.start();
        return g;
    }

    /** Delivers one new message to {@code user}'s source INBOX (for the demo's delta pass). */
    public void deliverNew(DemoUser user, String subject) throws Exception {
        new SampleMailboxes().deliverNew(sourcePort(), user.sourceAddress(), user.password(), subject);
    }

    public int sourcePort() {
        return source.getImap().getPort();
    }

    public int targetPort() {
        return target.getImap().getPort();
    }

    @Override
    public void close() {
        source.stop();
        target.stop();
    }
}
