package io.mailferry.service.connector.ews;

import io.mailferry.model.mailbox.DirectoryMailbox;
import io.mailferry.service.engine.port.MailboxDirectory;
import io.mailferry.service.engine.port.MailboxException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import microsoft.exchange.webservices.data.core.ExchangeService;
import microsoft.exchange.webservices.data.core.enumeration.property.MailboxType;
import microsoft.exchange.webservices.data.core.enumeration.search.ResolveNameSearchLocation;
import microsoft.exchange.webservices.data.misc.NameResolution;
import microsoft.exchange.webservices.data.misc.NameResolutionCollection;

/**
 * The mailboxes the service account can see in Exchange's address book, for matching: ResolveNames over the directory
 * (learn.microsoft.com/exchange/client-developer/web-service-reference/resolvenames-operation) answers at most 100
 * candidates per name, so the sweep asks for "SMTP:" and, wherever an answer is cut off (IncludesLastItemInRange
 * false), for each longer prefix of the addresses ("SMTP:a", "SMTP:b" ...), until every answer is whole or the prefix
 * is {@value #MAX_PREFIX} characters long. Only mailboxes are kept (no groups, contacts or public folders), each once,
 * by address. Thread-safe (a session per sweep).
 */
final class EwsDirectory implements MailboxDirectory {
    static final String PREFIX_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789._-";
    static final int MAX_PREFIX = 4;

    private final EwsEndpoint endpoint;

    EwsDirectory(EwsEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public List<DirectoryMailbox> mailboxes() throws MailboxException {
        ExchangeService session = endpoint.open(null);
        EwsCalls calls = new EwsCalls("The " + endpoint.server(), null, "The " + endpoint.server(), 1);
        Map<String, DirectoryMailbox> found = new TreeMap<>();
        Deque<String> prefixes = new ArrayDeque<>(List.of(""));
        try {
            while (!prefixes.isEmpty()) {
                String prefix = prefixes.poll();
                NameResolutionCollection answer = calls.run("reading its address book",
                        () -> session.resolveName("SMTP:" + prefix, ResolveNameSearchLocation.DirectoryOnly, false));
                for (NameResolution r : answer) {
                    add(found, r);
                }
                // an empty answer (ErrorNameResolutionNoResults) carries no IncludesLastItemInRange: nothing below it
                if (answer.getCount() > 0 && !answer.getIncludesAllResolutions() && prefix.length() < MAX_PREFIX) {
                    for (char c : PREFIX_CHARS.toCharArray()) {
                        prefixes.add(prefix + c);
                    }
                }
            }
        } finally {
            session.close();
        }
        return new ArrayList<>(found.values());
    }

    private static void add(Map<String, DirectoryMailbox> found, NameResolution r) {
        if (r.getMailbox() == null || r.getMailbox().getAddress() == null) {
            return;
        }
        MailboxType type = r.getMailbox().getMailboxType();
        if (type != null && type != MailboxType.Mailbox) {
            return;
        }
        String address = r.getMailbox().getAddress().strip();
        String name = r.getMailbox().getName();
        found.putIfAbsent(address.toLowerCase(Locale.ROOT), new DirectoryMailbox(address,
                name == null || name.isBlank() ? address : name, "user"));
    }
}
