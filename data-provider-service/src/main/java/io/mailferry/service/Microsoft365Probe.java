package io.mailferry.service;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.mailbox.DirectoryMailbox;
import io.mailferry.service.connector.graph.GraphCloud;
import io.mailferry.service.connector.graph.GraphConnectionProbe;
import io.mailferry.service.engine.port.ConnectionProbe;
import io.mailferry.service.engine.port.FailureText;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.TargetMailbox;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Test connection" for Microsoft 365 as the job runner uses it ({@link Microsoft365Access}): first
 * {@link GraphConnectionProbe} (sign-in, directory, mail access, the consented permissions of the role and write
 * path); then, for a target written over IMAP only (not one written through Graph, ADR 0010), a real
 * {@code AUTHENTICATE XOAUTH2} login at Exchange Online IMAP with the app's Exchange token, as one
 * mailbox of the tenant's directory. Consent alone does not let the app in: Exchange Online also needs the app's
 * service principal registered in Exchange and FullAccess on each mailbox, which no token shows, so a refused login
 * names both, with the PowerShell commands. The results are merged into one. Lives in the composition root because it
 * joins the Graph and IMAP connectors. Never throws; never puts the secret or a token in the result. Thread-safe.
 */
public final class Microsoft365Probe implements ConnectionProbe {
    private static final Logger LOG = LoggerFactory.getLogger(Microsoft365Probe.class);

    private final GraphConnectionProbe graph;
    private final Microsoft365Access access;
    private final Function<GraphSettings, GraphCloud> clouds;

    public Microsoft365Probe() {
        this(s -> GraphCloud.named(s.cloud()), null, null);
    }

    /**
     * For tests, as {@link Microsoft365Access#Microsoft365Access(Function, SSLSocketFactory, String)}: {@code clouds}
     * maps the settings to endpoints, {@code signInTls} trusts the sign-in double, {@code imapTrustedCertificatePem}
     * the IMAP server (null: the JVM's trust store).
     */
    public Microsoft365Probe(Function<GraphSettings, GraphCloud> clouds, SSLSocketFactory signInTls,
                             String imapTrustedCertificatePem) {
        this.graph = new GraphConnectionProbe(clouds, signInTls);
        this.access = new Microsoft365Access(clouds, signInTls, imapTrustedCertificatePem);
        this.clouds = clouds;
    }

    @Override
    public ConnectionKind kind() {
        return ConnectionKind.MICROSOFT_365;
    }

    @Override
    public ConnectionTestResult test(ConnectionRequest request) {
        ConnectionTestResult first = graph.test(request);
        if (!first.ok() || request.role() != ConnectionRole.TARGET
                || (request.graph() != null && request.graph().writesThroughGraph())) {
            return first; // the Graph write path needs no IMAP login: Mail.ReadWrite was checked through Graph
        }
        try {
            return imapLogin(request, first);
        } catch (RuntimeException e) {
            LOG.debug("Microsoft 365 IMAP login test failure", e);
            return failed(first, ConnectionFailure.OTHER, "Target Microsoft 365: the Exchange Online IMAP login test"
                    + " could not finish: " + scrub(FailureText.unexpected(e), request.secret()));
        }
    }

    private ConnectionTestResult imapLogin(ConnectionRequest request, ConnectionTestResult first) {
        GraphSettings settings = request.graph();
        Secret secret = request.secret();
        GraphCloud cloud = clouds.apply(settings);
        Instant now = Instant.now();
        Connection connection = new Connection("connection-test", request.name(), ConnectionRole.TARGET,
                ConnectionKind.MICROSOFT_365, null, settings, null, true, now, now, null);
        String where = "Exchange Online IMAP (" + cloud.imapHost() + ":" + cloud.imapPort() + ")";

        String mailbox;
        try {
            List<DirectoryMailbox> mailboxes = access.directory(connection, secret).mailboxes();
            mailbox = mailboxes.stream()
                    .filter(m -> m.address() != null && !m.address().isBlank())
                    .min(Comparator.comparing(m -> "shared".equals(m.kind()))) // a user's mailbox first
                    .map(m -> m.address().trim())
                    .orElse(null);
        } catch (MailboxException e) {
            return merged(first, "the " + where + " login was not tried: the directory could not be listed ("
                    + scrub(e.getMessage(), secret) + ")");
        }
        if (mailbox == null) {
            return merged(first, "the " + where + " login was not tried: the directory lists no mailbox");
        }

        MailboxAccess target = access.open(connection, secret, ConnectionRole.TARGET);
        try (TargetMailbox ignored = target.openTarget(new MailboxAccess.Login(mailbox, null, null))) {
            return merged(first, "logged in to " + where + " with XOAUTH2 as mailbox " + mailbox);
        } catch (MailboxException e) {
            String said = scrub(e.getMessage(), secret);
            if (said != null && said.contains("refused the app's login")) {
                String app = settings.clientId().trim();
                return failed(first, ConnectionFailure.AUTHENTICATION, "Target Microsoft 365 tenant "
                        + settings.tenantId().trim() + ": " + where + " refused application " + app + " for mailbox "
                        + mailbox + ", although it signed in. Exchange Online lets an app in over IMAP only with all"
                        + " three: the application permission IMAP.AccessAsApp (Office 365 Exchange Online) with admin"
                        + " consent; the app's service principal registered in Exchange Online (PowerShell:"
                        + " New-ServicePrincipal -AppId " + app + " -ObjectId <object id of the app under Enterprise"
                        + " applications>); and FullAccess on each mailbox it writes to (Add-MailboxPermission"
                        + " -Identity " + mailbox + " -User <service principal id> -AccessRights FullAccess)."
                        + " Changes can take up to an hour to apply. (" + said + ")");
            }
            LOG.info("Microsoft 365 IMAP login test failed: {}", said);
            return failed(first, classify(e), said);
        }
    }

    private static ConnectionFailure classify(MailboxException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.UnknownHostException) {
                return ConnectionFailure.DNS;
            }
            if (t instanceof java.net.ConnectException) {
                return ConnectionFailure.REFUSED;
            }
            if (t instanceof java.net.SocketTimeoutException) {
                return ConnectionFailure.TIMEOUT;
            }
            if (t instanceof javax.net.ssl.SSLHandshakeException && String.valueOf(t.getMessage()).contains("PKIX")) {
                return ConnectionFailure.TLS_CERTIFICATE;
            }
            if (t instanceof javax.net.ssl.SSLException) {
                return ConnectionFailure.TLS_HANDSHAKE;
            }
        }
        return ConnectionFailure.OTHER;
    }

    /** The Graph result, still ok, with what the IMAP step did added to its details. */
    private static ConnectionTestResult merged(ConnectionTestResult first, String detail) {
        String details = first.details() == null || first.details().isBlank() ? detail + "."
                : strip(first.details()) + "; " + detail + ".";
        return new ConnectionTestResult(true, null, first.message(), details, first.testedAt(),
                millis(first.testedAt()));
    }

    private static ConnectionTestResult failed(ConnectionTestResult first, ConnectionFailure failure, String message) {
        return new ConnectionTestResult(false, failure, message, first.details(), first.testedAt(),
                millis(first.testedAt()));
    }

    private static String strip(String details) {
        String s = details.strip();
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static String scrub(String text, Secret secret) {
        return secret == null ? text : secret.redact(text);
    }

    private static long millis(Instant start) {
        return Duration.between(start, Instant.now()).toMillis();
    }
}
