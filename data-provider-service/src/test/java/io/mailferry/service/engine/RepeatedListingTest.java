package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.engine.fake.FakeAccess;
import io.mailferry.service.engine.fake.FakeMailServer;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.LedgerState;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.Page;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A source listing that pages by offset (Graph's and EWS's next links skip what was listed) lists an item again at the
 * start of the next page when mail arrives in the folder meanwhile: the pass must copy it once.
 */
class RepeatedListingTest {
    /**
     * Pages of seven, batches of three: when the second page is listed, the first page's last item is in the batch
     * fetched ahead (no row yet), the three before it in the batch written last (PENDING rows), the rest DONE.
     */
    @ParameterizedTest(name = "the last {0} of a page listed again")
    @ValueSource(ints = {1, 3, 5})
    void itemsListedAgainOnTheNextPageShouldBeCopiedOnce(int repeated) {
        EngineFixture f = new EngineFixture();
        for (int i = 0; i < 10; i++) {
            f.addMessage("INBOX", "m" + i);
        }
        MailboxTask task = new MailboxTask("pair-1", new Repeating(f.source, repeated),
                new MailboxAccess.Login("alice@old", "alice", null), new FakeAccess(f.target),
                new MailboxAccess.Login("alice@new", "alice", null), EngineFixture.options(), RunKind.FULL,
                "alice@old", "alice@new", null);

        MailboxOutcome outcome = new MigrationEngine(f.ledger, f.checkpoints, f.settings)
                .run(task, f.listener(), new StopSignal());

        assertThat(f.targetSubjects("INBOX")).hasSize(10).doesNotHaveDuplicates();
        assertThat(outcome.state()).isEqualTo(MailboxState.COMPLETED);
        assertThat(f.ledger.counts("pair-1")).containsEntry(LedgerState.DONE, 10L)
                .doesNotContainKey(LedgerState.PENDING);
    }

    /** A per-folder item limit (a trial's) counts an item listed again once: the pass copies as many as it allows. */
    @org.junit.jupiter.api.Test
    void anItemListedAgainShouldCountOnceTowardsThePerFolderLimit() {
        EngineFixture f = new EngineFixture();
        for (int i = 0; i < 10; i++) {
            f.addMessage("INBOX", "m" + i);
        }
        MailboxTask task = new MailboxTask("pair-1", new Repeating(f.source, 5),
                new MailboxAccess.Login("alice@old", "alice", null), new FakeAccess(f.target),
                new MailboxAccess.Login("alice@new", "alice", null), EngineFixture.options(null, null, null, 8),
                RunKind.FULL, "alice@old", "alice@new", null);

        MailboxOutcome outcome = new MigrationEngine(f.ledger, f.checkpoints, f.settings)
                .run(task, f.listener(), new StopSignal());

        assertThat(f.targetSubjects("INBOX")).hasSize(8).doesNotHaveDuplicates();
        assertThat(outcome.report().verdict()).doesNotContain("missing");
    }

    /** Each page after the first starts with the last {@code repeated} items of the page before again. */
    private static final class Repeating implements MailboxAccess {
        private final FakeAccess fake;
        private final int repeated;

        Repeating(FakeMailServer server, int repeated) {
            this.fake = new FakeAccess(server);
            this.repeated = repeated;
        }

        @Override
        public SourceMailbox openSource(Login login) throws MailboxException {
            SourceMailbox real = fake.openSource(login);
            List<ItemRef> endOfPage = new ArrayList<>();
            return PortProxy.of(SourceMailbox.class, real, (method, args) -> {
                if (!method.equals("list") && !method.equals("listUndescribed") && !method.equals("listStates")) {
                    return null;
                }
                Page<ItemRef> page = invoke(real, method, args);
                List<ItemRef> items = new ArrayList<>(page.items());
                if (args[1] != null) {
                    items.addAll(0, endOfPage);
                }
                endOfPage.clear();
                endOfPage.addAll(page.items().subList(Math.max(0, page.items().size() - repeated),
                        page.items().size()));
                return new Page<>(items, page.nextCursor(), page.token());
            });
        }

        @SuppressWarnings("unchecked")
        private static Page<ItemRef> invoke(SourceMailbox real, String method, Object[] args) throws Throwable {
            for (java.lang.reflect.Method m : SourceMailbox.class.getMethods()) {
                if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                    try {
                        return (Page<ItemRef>) m.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                }
            }
            throw new AssertionError(method);
        }

        @Override
        public TargetMailbox openTarget(Login login) throws MailboxException {
            return fake.openTarget(login);
        }

        @Override
        public String describe() {
            return fake.describe();
        }
    }
}
