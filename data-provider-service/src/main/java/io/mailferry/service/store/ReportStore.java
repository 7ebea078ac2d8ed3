package io.mailferry.service.store;

import io.mailferry.model.report.FailureReason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Aggregates across all jobs for the overall report: failed mailboxes grouped by their error and failed items grouped
 * by their reason (read from the ledger's partial index of failed rows, never from whole tables). Thread-safe.
 */
public final class ReportStore {
    private final Database database;

    public ReportStore(Database database) {
        this.database = database;
    }

    /** The {@code limit} most frequent reasons of each scope, most frequent first. */
    public List<FailureReason> failureReasons(int limit) {
        return database.jdbi().withHandle(h -> {
            List<FailureReason> result = new ArrayList<>(h.createQuery("SELECT COALESCE(error, '') AS reason, "
                            + "COUNT(*) AS n FROM mailbox_pair WHERE state = 'FAILED' GROUP BY error "
                            + "ORDER BY n DESC, reason LIMIT :limit")
                    .bind("limit", limit)
                    .map((rs, ctx) -> new FailureReason("MAILBOX", rs.getString("reason"), rs.getLong("n"))).list());
            result.addAll(h.createQuery("SELECT COALESCE(reason, '') AS reason, COUNT(*) AS n FROM ledger_entry "
                            + "WHERE state = 'FAILED' GROUP BY reason ORDER BY n DESC, reason LIMIT :limit")
                    .bind("limit", limit)
                    .map((rs, ctx) -> new FailureReason("ITEM", rs.getString("reason"), rs.getLong("n"))).list());
            result.sort(Comparator.comparingLong(FailureReason::count).reversed());
            return result;
        });
    }
}
