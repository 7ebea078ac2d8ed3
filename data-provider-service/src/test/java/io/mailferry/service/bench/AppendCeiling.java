package io.mailferry.service.bench;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ceiling a migration is compared with: the same corpus APPENDed straight to the target by {@code threads}
 * parallel connections, no source reads, no ledger. Whatever the engine does on top costs against this number.
 */
final class AppendCeiling {
    private AppendCeiling() {
    }

    /** Appends messages 0..count-1 of the corpus into {@code folder} of the given user; returns elapsed nanos. */
    static long run(Corpus corpus, int count, String host, int port, String user, String password, String folder,
            int threads) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            Future<?>[] futures = new Future<?>[threads];
            for (int t = 0; t < threads; t++) {
                futures[t] = pool.submit(() -> {
                    Session session = Session.getInstance(new Properties());
                    try (Store store = session.getStore("imap")) {
                        store.connect(host, port, user, password);
                        Folder f = store.getFolder(folder);
                        if (!f.exists()) {
                            f.create(Folder.HOLDS_MESSAGES);
                        }
                        int i;
                        while ((i = next.getAndIncrement()) < count) {
                            MimeMessage m = new MimeMessage(session, new ByteArrayInputStream(corpus.message(i)));
                            m.setFlags(new Flags(Flags.Flag.SEEN), true);
                            f.appendMessages(new MimeMessage[] {m});
                        }
                    }
                    return null;
                });
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return System.nanoTime() - start;
    }
}
