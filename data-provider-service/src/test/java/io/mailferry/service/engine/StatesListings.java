package io.mailferry.service.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.Mailbox;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.Page;
import java.util.ArrayList;
import java.util.List;

/**
 * What both contracts check of a side's listing of ids, sizes and states ({@link Mailbox#listStates},
 * {@link Mailbox#listWholeStates}): the full listing's pages, item for item, in what both fill.
 */
final class StatesListings {
    private StatesListings() {
    }

    /** Walks {@code folder} in pages of {@code limit} both ways and checks they agree; returns the items listed. */
    static int assertSamePages(Mailbox side, MailFolder folder, int limit, FolderState state)
            throws MailboxException {
        List<List<List<List<Object>>>> walks = new ArrayList<>(); // per walk, its pages, each page's items
        for (Mailbox.Lister lister : List.<Mailbox.Lister>of(side::list, side::listStates)) {
            List<List<List<Object>>> pages = new ArrayList<>();
            String cursor = null;
            do {
                Page<ItemRef> page = lister.list(folder, cursor, limit, state);
                pages.add(page.items().stream().map(StatesListings::filled).toList());
                cursor = page.nextCursor();
            } while (cursor != null);
            walks.add(pages);
        }
        assertThat(walks.get(1)).as("listStates against list").isEqualTo(walks.get(0));
        return walks.get(0).stream().mapToInt(List::size).sum();
    }

    /** Lists {@code folders} whole both ways and checks that each folder's page (or null) agrees. */
    static void assertSameWholePages(Mailbox side, List<MailFolder> folders, int limit, List<FolderState> known)
            throws MailboxException {
        List<Page<ItemRef>> whole = side.listWhole(folders, limit, known);
        List<Page<ItemRef>> states = side.listWholeStates(folders, limit, known);
        assertThat(states).hasSameSizeAs(whole);
        for (int i = 0; i < whole.size(); i++) {
            assertThat(states.get(i) == null).as("folder " + i + " left out").isEqualTo(whole.get(i) == null);
            if (whole.get(i) != null) {
                assertThat(states.get(i).items().stream().map(StatesListings::filled).toList()).as("folder " + i)
                        .isEqualTo(whole.get(i).items().stream().map(StatesListings::filled).toList());
            }
        }
    }

    /** What a light listing must fill: id, order, kind, size, state and stamp (may be null). */
    private static List<Object> filled(ItemRef i) {
        return java.util.Arrays.asList(i.id(), i.order(), i.kind(), i.size(), i.state(), i.stamp());
    }
}
