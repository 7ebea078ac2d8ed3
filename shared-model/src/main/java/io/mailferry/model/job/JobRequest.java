package io.mailferry.model.job;

import io.mailferry.model.mailbox.MailboxPairRequest;
import java.util.List;

/** Create or update a job. Pairs may be given here or added later through the pairs endpoints. */
public record JobRequest(
        String name,
        String sourceConnectionId,
        String targetConnectionId,
        JobOptions options,
        List<MailboxPairRequest> pairs) {

    public JobRequest {
        pairs = pairs == null ? List.of() : List.copyOf(pairs);
    }
}
