package io.mailferry.service.app;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.mailbox.DirectoryMailbox;
import io.mailferry.service.engine.port.MailboxAccessProvider;
import io.mailferry.service.engine.port.MailboxDirectory;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.store.ConnectionStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a connection's directory of mailboxes (Microsoft 365: the tenant's user and shared mailboxes) through the
 * {@link MailboxAccessProvider} of its kind, with its stored secret, and checks typed target addresses against it
 * before a job is created or started. Every call reads the directory afresh (nothing is cached: a mailbox created in
 * the tenant a minute ago counts). Thread-safe.
 */
public final class DirectoryService {
    private static final Logger log = LoggerFactory.getLogger(DirectoryService.class);

    private final ConnectionStore connections;
    private final Map<ConnectionKind, MailboxAccessProvider> providers = new EnumMap<>(ConnectionKind.class);

    /** @param providers at most one per kind, as the job runner gets them */
    public DirectoryService(ConnectionStore connections, List<MailboxAccessProvider> providers) {
        this.connections = connections;
        providers.forEach(p -> this.providers.put(p.kind(), p));
    }

    /**
     * The connection's mailboxes, sorted by address (case-insensitive).
     *
     * @throws AppException 422 {@code connection_without_directory} for a kind without a directory (IMAP), 422
     *                      {@code connection_unsupported} when this build cannot read its kind, 502
     *                      {@code directory_failed} with the connector's sentence when the directory cannot be read,
     *                      422 {@code connection_secret_unreadable} when the stored secret no longer decrypts
     */
    public List<DirectoryMailbox> mailboxes(Connection c) {
        MailboxAccessProvider provider = providers.get(c.kind());
        if (provider == null) {
            throw new AppException(AppException.Kind.UNPROCESSABLE, "connection_unsupported",
                    "Reading the directory of " + article(c.kind()) + " connection is not supported by this build "
                            + "yet.");
        }
        MailboxDirectory directory = provider.directory(c, StoredSecrets.of(connections, c,
                "Connection '" + c.name() + "'"));
        if (directory == null) {
            throw new AppException(AppException.Kind.UNPROCESSABLE, "connection_without_directory",
                    capitalized(article(c.kind())) + " connection has no directory: paste or import the mailbox "
                            + "addresses.");
        }
        try {
            List<DirectoryMailbox> mailboxes = new ArrayList<>(directory.mailboxes());
            mailboxes.sort(Comparator.comparing(m -> m.address() == null ? "" : m.address().toLowerCase(Locale.ROOT)));
            log.info("Read the directory of connection {} ({}): {} mailbox(es)", c.id(), c.name(), mailboxes.size());
            return mailboxes;
        } catch (MailboxException e) {
            // the connector's sentence names the missing permission; the admin needs it, not a stack trace
            log.warn("Reading the directory of connection {} ({}) failed: {}", c.id(), c.name(), e.getMessage());
            throw new AppException(AppException.Kind.UPSTREAM, "directory_failed", e.getMessage());
        }
    }

    /**
     * Refuses target addresses that are not in the target connection's directory (see {@link #missingTargets}).
     *
     * @throws AppException 422 {@code target_not_in_directory}, one sentence per missing address
     */
    void requireTargets(Connection target, Collection<String> targetMailboxes) {
        List<String> missing = missingTargets(target, targetMailboxes);
        if (!missing.isEmpty()) {
            throw new AppException(AppException.Kind.UNPROCESSABLE, "target_not_in_directory", missing);
        }
    }

    /**
     * One sentence per target address that is not in the target connection's directory (case-insensitive), in the
     * order given, each address once. Empty when every address is there, when the connection's kind has no directory
     * (typed addresses cannot be checked), or when the directory cannot be read: that is logged and the pass's own
     * sign-in then reports the cause on each pair, so a missing permission never blocks a job here.
     */
    List<String> missingTargets(Connection target, Collection<String> targetMailboxes) {
        MailboxAccessProvider provider = target == null ? null : providers.get(target.kind());
        if (provider == null || targetMailboxes.isEmpty()) {
            return List.of();
        }
        Set<String> known = new HashSet<>();
        try {
            MailboxDirectory directory = provider.directory(target, connections.secret(target.id()).orElse(null));
            if (directory == null) {
                return List.of();
            }
            for (DirectoryMailbox m : directory.mailboxes()) {
                if (m.address() != null) {
                    known.add(normalized(m.address()));
                }
            }
        } catch (MailboxException e) {
            log.warn("Could not check the target mailboxes against the directory of connection {} ({}); the pass "
                    + "will tell: {}", target.id(), target.name(), e.getMessage());
            return List.of();
        } catch (RuntimeException e) {
            log.warn("Could not check the target mailboxes against the directory of connection {} ({}); the pass "
                    + "will tell", target.id(), target.name(), e);
            return List.of();
        }
        Map<String, String> missing = new LinkedHashMap<>();
        for (String address : targetMailboxes) {
            if (address != null && !address.isBlank() && !known.contains(normalized(address))) {
                missing.putIfAbsent(normalized(address), address.strip());
            }
        }
        return missing.values().stream().map(a -> "Target mailbox " + a + " is not in the "
                + directoryName(target.kind()) + ".").toList();
    }

    private static String normalized(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }

    private static String directoryName(ConnectionKind kind) {
        return kind == ConnectionKind.MICROSOFT_365 ? "Microsoft 365 tenant's directory"
                : "target connection's directory";
    }

    private static String article(ConnectionKind kind) {
        return switch (kind) {
            case IMAP -> "an IMAP";
            case MICROSOFT_365 -> "a Microsoft 365";
            case EXCHANGE -> "an Exchange";
            case GMAIL -> "a Gmail";
        };
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
