package io.mailferry.service.engine.opaque;

import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.service.engine.EngineSettings;
import io.mailferry.service.engine.InMemoryCheckpoints;
import io.mailferry.service.engine.InMemoryLedger;
import io.mailferry.service.engine.MailboxOutcome;
import io.mailferry.service.engine.MailboxTask;
import io.mailferry.service.engine.MigrationEngine;
import io.mailferry.service.engine.ProgressListener;
import io.mailferry.service.engine.StopSignal;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.MailboxAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One mailbox pair between two opaque stores (or any two accesses), its ledger and checkpoints, and its passes. */
final class OpaquePair {
    static final String SOURCE = "anna@old.example";
    static final String TARGET = "anna@new.example";

    final OpaqueMailServer source;
    final OpaqueMailServer target;
    MailboxAccess sourceAccess;
    MailboxAccess targetAccess;
    InMemoryLedger ledger = new InMemoryLedger();
    InMemoryCheckpoints checkpoints = new InMemoryCheckpoints();
    EngineSettings settings = EngineSettings.defaults().withSleeper(d -> { }).withBatches(5, 3);

    OpaquePair(long seed) {
        this.source = new OpaqueMailServer(seed);
        this.target = new OpaqueMailServer(seed + 1);
        this.sourceAccess = new OpaqueAccess(source);
        this.targetAccess = new OpaqueAccess(target);
    }

    MailboxOutcome run(RunKind kind) {
        return run(kind, JobOptions.defaults());
    }

    MailboxOutcome run(RunKind kind, JobOptions options) {
        MailboxTask task = new MailboxTask("pair-1", sourceAccess, new MailboxAccess.Login(SOURCE, "anna", null),
                targetAccess, new MailboxAccess.Login(TARGET, "anna", null), options, kind, SOURCE, TARGET);
        return new MigrationEngine(ledger, checkpoints, settings).run(task, ProgressListener.NONE, new StopSignal());
    }

    /** Every target item of the folder at {@code path}, by subject (sorted), duplicates kept. */
    List<String> targetSubjects(List<String> path) {
        List<String> subjects = new ArrayList<>();
        for (ItemRef i : target.items(TARGET, path)) {
            subjects.add(i.subject());
        }
        subjects.sort(null);
        return subjects;
    }

    static Duration none() {
        return Duration.ZERO;
    }
}
