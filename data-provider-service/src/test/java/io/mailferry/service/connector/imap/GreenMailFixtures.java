package io.mailferry.service.connector.imap;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.util.concurrent.atomic.AtomicInteger;

/** One embedded GreenMail (IMAP on a free loopback port) per JVM for the fast contract tests. */
final class GreenMailFixtures {
    private static final AtomicInteger USERS = new AtomicInteger();
    private static GreenMail greenMail;

    private GreenMailFixtures() {
    }

    static synchronized GreenMail server() {
        if (greenMail == null) {
            ServerSetup setup = ServerSetupTest.IMAP.dynamicPort();
            greenMail = new GreenMail(setup);
            greenMail.start();
            GreenMail started = greenMail;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "greenmail-stop"));
        }
        return greenMail;
    }

    /** GreenMail: separator '.', no SPECIAL-USE, no MULTIAPPEND; LITERAL+ and UIDPLUS. */
    static ImapServerFixture fixture() {
        GreenMail gm = server();
        return new ImapServerFixture("127.0.0.1", gm.getImap().getPort(), () -> {
            String name = "gm" + USERS.incrementAndGet();
            gm.setUser(name + "@example.com", name, "pw-" + name);
            return ImapServerFixture.login(name, "pw-" + name);
        }, '.', false, true, null);
    }
}
