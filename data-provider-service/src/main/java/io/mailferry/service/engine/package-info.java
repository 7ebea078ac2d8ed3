/**
 * The migration engine: folder mapping, filters, the ledger-driven copy pipeline, verification and reports.
 * Entry point for the application layer: {@link io.mailferry.service.engine.MigrationEngine#run} with a
 * {@link io.mailferry.service.engine.MailboxTask}; {@link io.mailferry.service.engine.JobVerdict} sums mailbox reports.
 * Knows only its ports ({@link io.mailferry.service.engine.port.SourceMailbox}, {@link io.mailferry.service.engine.port.TargetMailbox},
 * {@link io.mailferry.service.engine.port.Ledger}); imports the JDK, SLF4J and {@code io.mailferry.model} only — never Jdbi,
 * jakarta.mail, an HTTP server, or a connector (held by {@code EngineDependencyTest}).
 */
package io.mailferry.service.engine;
