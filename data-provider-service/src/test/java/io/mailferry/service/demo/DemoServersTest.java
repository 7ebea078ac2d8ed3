package io.mailferry.service.demo;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DemoServersTest {

    @Test
    void startShouldSeedEverySampleFolderOnTheSourceAndOneLeftoverOnTheTarget() throws Exception {
        try (DemoServers servers = DemoServers.start()) {
            DemoServers.DemoUser anna = DemoServers.USERS.get(0);
            Session session = Session.getInstance(new Properties());
            try (Store store = session.getStore("imap")) {
                store.connect("127.0.0.1", servers.sourcePort(), anna.sourceAddress(), anna.password());
                char sep = store.getDefaultFolder().getSeparator();
                int total = 0;
                for (String path : SampleMailboxes.folders()) {
                    Folder f = store.getFolder(path.replace('/', sep));
                    assertThat(f.exists()).as(path).isTrue();
                    total += f.getMessageCount();
                }
                assertThat(total).isEqualTo(14);
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                Message[] msgs = inbox.getMessages();
                assertThat(Arrays.stream(msgs).filter(m -> {
                    try {
                        return m.getHeader("Message-ID") == null;
                    } catch (Exception e) {
                        return false;
                    }
                }).count()).isEqualTo(1);
                assertThat(msgs[2].getFlags().contains(jakarta.mail.Flags.Flag.FLAGGED)).isTrue();
            }
            try (Store store = session.getStore("imap")) {
                store.connect("127.0.0.1", servers.targetPort(), anna.targetAddress(), anna.password());
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                assertThat(inbox.getMessageCount()).isEqualTo(1);
            }
        }
    }
}
