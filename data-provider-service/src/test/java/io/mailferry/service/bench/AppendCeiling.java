package io.mailferry.service.bench;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.connector.imap.ImapMailboxAccess;
import io.mailferry.service.engine.port.WriteRequest;
import io.mailferry.service.engine.port.WriteResult;
import io.mailferry.service.engine.port.BufferedContent;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MessageContent;
import io.mailferry.service.engine.port.TargetMailbox;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The ceilings a migration is compared with: the same corpus APPENDed straight to the target by {@code threads}
 * parallel connections, no source reads, no ledger. Whatever the engine does on top costs against these numbers.
 * Thread {@code t} writes into its own folder of {@code users[t % users.length]}, so no two connections contend for
 * one folder's lock (the real maximum, not a lock benchmark).
 * <ul>
 * <li>{@link #plain}: what a simple tool does — Angus Mail's {@code appendMessages}, one APPEND per message, each
 *     waiting for its answer (the requirement's "plain parallel APPEND").</li>
 * <li>{@link #batched}: the connector's own append path (MULTIAPPEND + LITERAL+, batches of 50): the most the
 *     target takes from us; a migration cannot beat it.</li>
 * </ul>
 */
final class AppendCeiling {
    private static final int BATCH = 50;
    private static final ItemState READ = new ItemState(true, false, false, false, false, false, Set.of());

    /** One target account the ceiling writes into. */
    record Account(String user, String password) {
    }

    @FunctionalInterface
    private interface Worker {
        void run(int thread) throws Exception;
    }

    private AppendCeiling() {
    }

    /** Appends every corpus message once, one APPEND per message; returns elapsed nanos. */
    static long plain(CorpusFiles corpus, String host, int port, List<Account> users, int threads) throws Exception {
        AtomicInteger next = new AtomicInteger();
        return parallel(threads, t -> {
            Account a = users.get(t % users.size());
            Session session = Session.getInstance(new Properties());
            try (Store store = session.getStore("imap")) {
                store.connect(host, port, a.user(), a.password());
                Folder f = store.getFolder("Ceiling-plain-" + t);
                f.create(Folder.HOLDS_MESSAGES);
                int i;
                while ((i = next.getAndIncrement()) < corpus.count()) {
                    Date received = Date.from(corpus.internalDate(i));
                    MimeMessage m = new MimeMessage(session, new ByteArrayInputStream(corpus.bytes(i))) {
                        @Override
                        public Date getReceivedDate() {
                            return received; // Angus sends it as the APPEND's INTERNALDATE
                        }
                    };
                    m.setFlags(new Flags(Flags.Flag.SEEN), true);
                    f.appendMessages(new MimeMessage[] {m});
                }
            }
        });
    }

    /** Appends every corpus message once through the IMAP connector in batches of 50; returns elapsed nanos. */
    static long batched(CorpusFiles corpus, String host, int port, List<Account> users, int threads)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        ImapMailboxAccess access = new ImapMailboxAccess(
                new ImapSettings(host, port, ImapSecurity.NONE, ImapAuthMode.PASSWORD, null, null, null), null,
                ConnectionRole.TARGET);
        return parallel(threads, t -> {
            Account a = users.get(t % users.size());
            try (TargetMailbox target = access.openTarget(
                    new MailboxAccess.Login(a.user(), a.user(), new Secret(a.password())))) {
                MailFolder folder = target.ensureFolder(List.of("Ceiling-batched-" + t));
                int from;
                while ((from = next.getAndAdd(BATCH)) < corpus.count()) {
                    List<Integer> indexes = new ArrayList<>();
                    for (int i = from; i < Math.min(corpus.count(), from + BATCH); i++) {
                        indexes.add(i);
                    }
                    append(target, folder, corpus, indexes, i -> READ);
                }
            }
        });
    }

    /** Appends the given corpus messages in one call (the connector splits it as it must); fails on any refusal. */
    static void append(TargetMailbox target, MailFolder folder, CorpusFiles corpus, List<Integer> indexes,
            IntFunction<ItemState> states) throws Exception {
        List<WriteRequest> requests = new ArrayList<>();
        try {
            for (int i : indexes) {
                MessageContent content;
                try (InputStream in = Files.newInputStream(corpus.file(i))) {
                    content = BufferedContent.read(in);
                }
                ItemRef ref = ItemRef.message("bench:" + i, i, content.size(), corpus.internalDate(i),
                        states.apply(i), null, "", null, null);
                requests.add(new WriteRequest(ref, content, ref.state(), ref.received(), null));
            }
            for (WriteResult r : target.write(folder, requests)) {
                if (!r.ok()) {
                    throw new IllegalStateException("target refused a bench message: " + r.error());
                }
            }
        } finally {
            requests.forEach(r -> r.content().close());
        }
    }

    private static long parallel(int threads, Worker worker) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    worker.run(thread);
                    return null;
                }));
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
