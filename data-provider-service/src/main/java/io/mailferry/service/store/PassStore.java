package io.mailferry.service.store;

import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.Progress;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.model.report.PassRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The {@code pass} table: every pass of every pair that ended with a report, in the order they ended. Rows are written
 * by {@link PairStore#saveOutcome(String, MailboxReport, Progress, Instant, RunKind)} in the transaction that records
 * the pair's last outcome, so the history and the pair never disagree; they go when their job or pair is deleted.
 * Thread-safe.
 */
public final class PassStore {
    private static final String SELECT = "SELECT s.id, s.job_id, s.pair_id, p.source_mailbox, p.target_mailbox, "
            + "s.kind, s.state, s.started_at, s.ended_at, s.items_copied, s.items_skipped, s.items_failed, "
            + "s.bytes_copied, s.verified, s.verdict FROM pass s JOIN mailbox_pair p ON p.id = s.pair_id";

    private final Database database;

    public PassStore(Database database) {
        this.database = database;
    }

    /** The job's passes (only pair {@code pairId}'s when not null), newest first: {@code limit} from {@code offset}. */
    public List<PassRecord> list(String jobId, String pairId, int offset, int limit) {
        return database.jdbi().withHandle(h -> h.createQuery(SELECT + " WHERE s.job_id = :j"
                        + (pairId == null ? "" : " AND s.pair_id = :p")
                        + " ORDER BY s.ended_at DESC, s.id DESC LIMIT :n OFFSET :o")
                .bind("j", jobId).bind("p", pairId).bind("n", limit).bind("o", offset)
                .map((rs, ctx) -> record(rs)).list());
    }

    /** How many passes the job (its pair {@code pairId} alone when not null) has in its history. */
    public int count(String jobId, String pairId) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM pass WHERE job_id = :j"
                        + (pairId == null ? "" : " AND pair_id = :p"))
                .bind("j", jobId).bind("p", pairId).mapTo(Integer.class).one());
    }

    static void insert(Handle h, String pairId, RunKind kind, MailboxReport report, Progress progress,
            Instant endedAt) {
        h.createUpdate("INSERT INTO pass (job_id, pair_id, kind, state, started_at, ended_at, items_copied, "
                        + "items_skipped, items_failed, bytes_copied, verified, verdict) "
                        + "SELECT job_id, id, :kind, :state, :start, :end, :ic, :isk, :ifl, :bytes, :verified, :verdict "
                        + "FROM mailbox_pair WHERE id = :id")
                .bind("id", pairId).bind("kind", kind.name()).bind("state", report.state().name())
                .bind("start", report.startedAt() == null ? null : report.startedAt().toEpochMilli())
                .bind("end", endedAt.toEpochMilli())
                .bind("ic", progress.itemsCopied()).bind("isk", progress.itemsSkipped())
                .bind("ifl", progress.itemsFailed()).bind("bytes", report.bytesCopied())
                .bind("verified", report.verified()).bind("verdict", report.verdict())
                .execute();
    }

    private static PassRecord record(ResultSet rs) throws SQLException {
        return new PassRecord(rs.getLong("id"), rs.getString("job_id"), rs.getString("pair_id"),
                rs.getString("source_mailbox"), rs.getString("target_mailbox"), RunKind.valueOf(rs.getString("kind")),
                MailboxState.valueOf(rs.getString("state")), JobStore.instant(JobStore.nullableLong(rs, "started_at")),
                Instant.ofEpochMilli(rs.getLong("ended_at")), rs.getLong("items_copied"), rs.getLong("items_skipped"),
                rs.getLong("items_failed"), rs.getLong("bytes_copied"), rs.getBoolean("verified"),
                rs.getString("verdict"));
    }
}
