package io.mailferry.service.testing;

import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.service.Microsoft365Access;
import io.mailferry.service.Microsoft365Probe;
import io.mailferry.service.RunningService;
import io.mailferry.service.ServiceConfig;
import io.mailferry.service.ServiceMain;
import io.mailferry.service.connector.graph.GraphCloud;
import io.mailferry.service.engine.port.ConnectionProbe;
import io.mailferry.service.engine.port.MailboxAccessProvider;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Runs the real service (the production composition root {@link ServiceMain#start}, port 0, logs to
 * {@code DATA_DIR/logs}) in its own JVM until it is signalled, for {@link ServiceProcess} when the CLI's
 * {@code serve} is not on the classpath, or when a test points the service at its Microsoft 365 doubles. Argument: the
 * data directory; a second one, {@value #NO_RESUME}, leaves interrupted jobs stopped.
 *
 * <p>With the system property {@value #GRAPH_BASE} set, every Microsoft 365 connection of the service signs in at
 * {@value #GRAPH_AUTHORITY} (an HTTPS token endpoint double whose certificate, PEM, is the file
 * {@value #GRAPH_SIGN_IN_CERT} names, trusted for sign-in only) and reads Graph at {@value #GRAPH_BASE}: the
 * production composition for Microsoft 365 — {@link Microsoft365Access} (Graph as a source and for the directory,
 * Exchange Online IMAP as a target) and {@link Microsoft365Probe} — is built with its test constructors and handed in
 * through {@link ServiceConfig#providers()} and {@link ServiceConfig#probes()}, like any embedding would. The target's
 * IMAP host stays Exchange Online's (the JVM's trust store) unless {@value #EXCHANGE_IMAP_HOST},
 * {@value #EXCHANGE_IMAP_PORT} and {@value #EXCHANGE_IMAP_CERT} name a local Exchange Online IMAP double (e.g. a
 * Dovecot behind {@link ExchangeImapProxy}) and the PEM file of the certificate it presents, trusted for that
 * connection only. The other kinds keep their production providers; the product has no switch for this.
 */
public final class ServiceProcessMain {
    /** Graph's version root of the double, e.g. {@code http://127.0.0.1:PORT/v1.0}. */
    public static final String GRAPH_BASE = "mailferry.test.graph.base";
    /** The sign-in authority without the tenant, e.g. {@code https://127.0.0.1:PORT/}. */
    public static final String GRAPH_AUTHORITY = "mailferry.test.graph.authority";
    /** A PEM file with the sign-in double's certificate. */
    public static final String GRAPH_SIGN_IN_CERT = "mailferry.test.graph.signInCert";
    /** Exchange Online IMAP's host for Microsoft 365 targets, e.g. {@code 127.0.0.1} (default outlook.office365.com). */
    public static final String EXCHANGE_IMAP_HOST = "mailferry.test.exchange.imapHost";
    /** Its implicit-TLS port (default 993). */
    public static final String EXCHANGE_IMAP_PORT = "mailferry.test.exchange.imapPort";
    /** A PEM file with the certificate it presents (default: the JVM's trust store). */
    public static final String EXCHANGE_IMAP_CERT = "mailferry.test.exchange.imapCert";

    /** Second argument: leave interrupted jobs stopped (as {@code serve --no-resume}). */
    public static final String NO_RESUME = "--no-resume";

    private ServiceProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        ServiceConfig config = ServiceConfig.of(Path.of(args[0]), 0);
        if (System.getProperty(GRAPH_BASE) != null) {
            config = withGraphDoubles(config);
        }
        config = config.withResume(!(args.length > 1 && args[1].equals(NO_RESUME)));
        RunningService service = ServiceMain.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "service-stop"));
        service.awaitClosed();
    }

    /** {@code config} with its Microsoft 365 provider and probe pointed at the doubles the system properties name. */
    static ServiceConfig withGraphDoubles(ServiceConfig config) throws Exception {
        GraphCloud doubles = new GraphCloud("double", URI.create(System.getProperty(GRAPH_AUTHORITY)),
                URI.create(System.getProperty(GRAPH_BASE)), System.getProperty(EXCHANGE_IMAP_HOST,
                "outlook.office365.com"), Integer.getInteger(EXCHANGE_IMAP_PORT, 993));
        String imapCert = System.getProperty(EXCHANGE_IMAP_CERT) == null ? null
                : Files.readString(Path.of(System.getProperty(EXCHANGE_IMAP_CERT)));
        // an unknown cloud name stays unknown, as in production; every known one is the doubles
        Function<GraphSettings, GraphCloud> clouds = s -> GraphCloud.named(s.cloud()) == null ? null : doubles;
        SSLSocketFactory signInTls = trusting(Path.of(System.getProperty(GRAPH_SIGN_IN_CERT)));
        List<MailboxAccessProvider> providers = config.providers().stream()
                .map(p -> p.kind() == ConnectionKind.MICROSOFT_365 ? new Microsoft365Access(clouds, signInTls, imapCert) : p)
                .toList();
        List<ConnectionProbe> probes = config.probes().stream()
                .map(p -> p.kind() == ConnectionKind.MICROSOFT_365 ? new Microsoft365Probe(clouds, signInTls, imapCert) : p)
                .toList();
        return new ServiceConfig(config.dataDir(), config.port(), probes, config.fileLogging(), providers);
    }

    /** Client TLS that trusts the certificate in {@code pem} only. */
    private static SSLSocketFactory trusting(Path pem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            trust.setCertificateEntry("sign-in-double",
                    CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return tls.getSocketFactory();
    }
}
