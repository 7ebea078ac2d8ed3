package io.mailferry.service;

import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxAccessProvider;
import io.mailferry.service.testing.TestLicenses;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Opens the product's {@link ServiceCore} (database, SQLite ledger, job runner, engine: what {@code mailferry migrate}
 * runs through {@link LocalMigration}) on a data directory for the bench, with one difference: every mailbox access
 * the runner opens is handed to {@code wrap} first, so the bench can time the engine's port calls. Test code.
 */
public final class BenchCore {
    private BenchCore() {
    }

    public static ServiceCore open(Path dataDir, BiFunction<MailboxAccess, ConnectionRole, MailboxAccess> wrap) {
        List<MailboxAccessProvider> providers = ServiceMain.defaultProviders().stream()
                .map(p -> (MailboxAccessProvider) new MailboxAccessProvider() {
                    @Override
                    public ConnectionKind kind() {
                        return p.kind();
                    }

                    @Override
                    public MailboxAccess open(io.mailferry.model.connection.Connection connection,
                            io.mailferry.model.connection.Secret secret, ConnectionRole role) {
                        return wrap.apply(p.open(connection, secret, role), role);
                    }
                }).toList();
        return ServiceCore.open(TestLicenses.licensed(dataDir.toAbsolutePath()), ServiceMain.defaultProbes(),
                providers);
    }
}
