package io.mailferry.model.mailbox;

import java.util.List;

/**
 * Result of importing mailbox pairs from CSV: the pairs that parsed and, for every bad row, its line and reason.
 * Nothing is added to a job when {@code errors} is not empty unless the caller asked to accept the good rows.
 */
public record CsvImportResult(String format, List<MailboxPairRequest> pairs, List<RowError> errors) {
    public record RowError(long line, String reason) {
    }
}
