package io.mailferry.service.connector.graph;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.MsalException;
import com.microsoft.aad.msal4j.MsalServiceException;
import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.GraphCredential;
import io.mailferry.model.connection.GraphSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.MalformedURLException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * App-only tokens of one Microsoft 365 connection through msal4j's client-credentials flow
 * (MICROSOFT.md §4): one {@link ConfidentialClientApplication} per connection, signing in with the client secret or
 * the certificate and private key held in the connection's {@link Secret} (PEM text, or {@code "pkcs12:" + Base64 +
 * "\n" + password}).
 *
 * <p>Each scope's last {@link IAuthenticationResult} is kept; a caller gets it back until less than
 * {@link #RENEW_BEFORE} is left, then the next caller asks Entra ID again (msal's own cache bypassed, so a token about
 * to expire is never handed out in the middle of a long pass). {@code forceRefresh} asks again at once, except when
 * another thread already renewed the token while this one waited: a burst of 401s costs one sign-in, not one each.
 *
 * <p>Failures become {@link MailboxException}s with one sentence an admin can act on ("Microsoft 365 sign-in failed:
 * the client secret ... has expired"), FATAL for configuration and CONNECTION for network trouble; no message holds
 * the secret. Thread-safe.
 */
public final class MsalTokenSource implements TokenSource {
    private static final Logger LOG = LoggerFactory.getLogger(MsalTokenSource.class);
    /** Renew this long before a token expires: a request started just before expiry must still carry a valid one. */
    static final Duration RENEW_BEFORE = Duration.ofMinutes(5);
    /** How long one sign-in may take in all (msal's own retries included) before it counts as unreachable. */
    private static final Duration SIGN_IN_TIMEOUT = Duration.ofSeconds(60);
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int READ_TIMEOUT_MILLIS = 30_000;
    /** Sign-in hosts msal4j knows; for any other host (a local test double) instance discovery is switched off. */
    private static final Set<String> MICROSOFT_AUTHORITY_HOSTS = Set.of("login.microsoftonline.com",
            "login.microsoft.com", "login.windows.net", "sts.windows.net", "login.microsoftonline.us",
            "login-us.microsoftonline.com", "login.usgovcloudapi.net", "login.chinacloudapi.cn",
            "login.partner.microsoftonline.cn", "login.microsoftonline.de");
    private static final Pattern AADSTS = Pattern.compile("AADSTS(\\d+)");
    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    static final String PKCS12_PREFIX = "pkcs12:";

    private final GraphCloud cloud;
    private final GraphSettings settings;
    private final Secret secret;
    private final SSLSocketFactory sslSocketFactory;
    private final Clock clock;
    private final ConcurrentMap<String, Cached> cache = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();
    private final Object appLock = new Object();
    private ConfidentialClientApplication app; // guarded by appLock
    private long generation; // guarded by appLock: counts acquisitions, so forceRefresh can tell a newer token

    /** The last result for one scope and which acquisition produced it. */
    private record Cached(IAuthenticationResult result, long generation) {
    }

    /**
     * A failure to sign in, with the category the connection probe reports. Its message is the admin's sentence.
     */
    static final class SignInException extends MailboxException {
        private final ConnectionFailure failure;

        SignInException(Kind kind, ConnectionFailure failure, String message, Throwable cause) {
            super(kind, message, cause);
            this.failure = failure;
        }

        ConnectionFailure failure() {
            return failure;
        }
    }

    public MsalTokenSource(GraphCloud cloud, GraphSettings settings, Secret secret) {
        this(cloud, settings, secret, null, Clock.systemUTC());
    }

    /**
     * For tests against a local HTTPS sign-in double: {@code sslSocketFactory} trusts its certificate (null: the JVM's
     * trust store).
     */
    public MsalTokenSource(GraphCloud cloud, GraphSettings settings, Secret secret, SSLSocketFactory sslSocketFactory) {
        this(cloud, settings, secret, sslSocketFactory, Clock.systemUTC());
    }

    MsalTokenSource(GraphCloud cloud, GraphSettings settings, Secret secret, SSLSocketFactory sslSocketFactory,
                    Clock clock) {
        this.cloud = cloud;
        this.settings = settings;
        this.secret = secret;
        this.sslSocketFactory = sslSocketFactory;
        this.clock = clock;
    }

    @Override
    public String token(String scope, boolean forceRefresh) throws MailboxException {
        Cached seen = cache.get(scope);
        if (!forceRefresh && fresh(seen)) {
            return seen.result().accessToken();
        }
        long seenGeneration = seen == null ? -1 : seen.generation();
        synchronized (locks.computeIfAbsent(scope, s -> new Object())) {
            Cached now = cache.get(scope);
            if (now != null && (forceRefresh ? now.generation() > seenGeneration : fresh(now))) {
                return now.result().accessToken(); // another caller renewed it while this one waited
            }
            IAuthenticationResult result = acquire(scope, now != null);
            long g;
            synchronized (appLock) {
                g = ++generation;
            }
            cache.put(scope, new Cached(result, g));
            return result.accessToken();
        }
    }

    /** "tenant contoso.onmicrosoft.com at login.microsoftonline.com", for log lines and messages. */
    String describe() {
        return "tenant " + settings.tenantId() + " at " + cloud.authorityBase().getHost();
    }

    private boolean fresh(Cached c) {
        return c != null && c.result().expiresOnDate() != null
                && c.result().expiresOnDate().toInstant().minus(RENEW_BEFORE).isAfter(clock.instant());
    }

    private IAuthenticationResult acquire(String scope, boolean renewing) throws MailboxException {
        ConfidentialClientApplication application = application();
        ClientCredentialParameters parameters = ClientCredentialParameters.builder(Set.of(scope))
                .skipCache(renewing)
                .build();
        try {
            IAuthenticationResult result = application.acquireToken(parameters)
                    .get(SIGN_IN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.debug("Signed in to {} as application {} for {}, token valid until {}", describe(),
                    settings.clientId(), scope, result.expiresOnDate());
            return result;
        } catch (ExecutionException e) {
            throw failure(e.getCause() == null ? e : e.getCause(), scope);
        } catch (TimeoutException e) {
            throw new SignInException(Kind.CONNECTION, ConnectionFailure.TIMEOUT, "Microsoft 365 sign-in at "
                    + host() + " did not answer within " + SIGN_IN_TIMEOUT.toSeconds() + " seconds.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignInException(Kind.CONNECTION, ConnectionFailure.TIMEOUT,
                    "Microsoft 365 sign-in was interrupted.", e);
        } catch (MsalException e) {
            throw failure(e, scope);
        }
    }

    private ConfidentialClientApplication application() throws MailboxException {
        synchronized (appLock) {
            if (app == null) {
                app = build();
            }
            return app;
        }
    }

    private ConfidentialClientApplication build() throws MailboxException {
        if (settings == null || blank(settings.tenantId()) || blank(settings.clientId())) {
            throw configuration("Microsoft 365 sign-in needs the tenant id and the application (client) id.");
        }
        String authority = cloud.authorityBase().toString();
        authority = (authority.endsWith("/") ? authority : authority + "/") + settings.tenantId().trim() + "/";
        try {
            ConfidentialClientApplication.Builder builder = ConfidentialClientApplication
                    .builder(settings.clientId().trim(), credential())
                    .authority(authority)
                    .connectTimeoutForDefaultHttpClient(CONNECT_TIMEOUT_MILLIS)
                    .readTimeoutForDefaultHttpClient(READ_TIMEOUT_MILLIS);
            if (!MICROSOFT_AUTHORITY_HOSTS.contains(host().toLowerCase(Locale.ROOT))) {
                builder.instanceDiscovery(false); // else msal asks login.microsoftonline.com about this host
            }
            if (sslSocketFactory != null) {
                builder.sslSocketFactory(sslSocketFactory);
            }
            return builder.build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw configuration("Microsoft 365 sign-in cannot use the authority " + scrub(authority)
                    + ": " + scrub(e.getMessage()) + ".");
        }
    }

    private IClientCredential credential() throws MailboxException {
        if (secret == null || secret.isBlank()) {
            throw configuration("Microsoft 365 sign-in needs the application's "
                    + (settings.credential() == GraphCredential.CERTIFICATE ? "certificate" : "client secret")
                    + ", and none is stored.");
        }
        if (settings.credential() == GraphCredential.CLIENT_SECRET) {
            return ClientCredentialFactory.createFromSecret(secret.value());
        }
        String value = secret.value();
        Credentials c = value.startsWith(PKCS12_PREFIX) ? pkcs12(value.substring(PKCS12_PREFIX.length())) : pem(value);
        return ClientCredentialFactory.createFromCertificateChain(c.key(), c.chain());
    }

    /** A private key and its certificate chain, the key's own certificate first. */
    record Credentials(PrivateKey key, List<X509Certificate> chain) {
    }

    /** A PKCS#12 file as the connection's secret carries it: Base64 of the file, a newline, the file's password. */
    static Credentials pkcs12(String base64AndPassword) throws MailboxException {
        int eol = base64AndPassword.indexOf('\n');
        String base64 = (eol < 0 ? base64AndPassword : base64AndPassword.substring(0, eol)).trim();
        String password = eol < 0 ? "" : base64AndPassword.substring(eol + 1).replaceAll("\r?\n$", "");
        byte[] file;
        try {
            file = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw configuration("Microsoft 365 sign-in cannot read the certificate: the PKCS#12 (.pfx) file is not"
                    + " stored as Base64.");
        }
        char[] pw = password.toCharArray();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(file), pw);
            for (String alias : java.util.Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getKey(alias, pw) instanceof PrivateKey key) {
                    List<X509Certificate> chain = new ArrayList<>();
                    Certificate[] certificates = store.getCertificateChain(alias);
                    for (Certificate c : certificates == null ? new Certificate[0] : certificates) {
                        chain.add((X509Certificate) c);
                    }
                    if (chain.isEmpty()) {
                        break;
                    }
                    return checked(key, chain);
                }
            }
            throw configuration("Microsoft 365 sign-in cannot use the certificate: the PKCS#12 (.pfx) file holds no"
                    + " private key with its certificate.");
        } catch (IOException e) {
            boolean wrongPassword = e.getCause() instanceof UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("password");
            throw configuration("Microsoft 365 sign-in cannot open the certificate's PKCS#12 (.pfx) file: "
                    + (wrongPassword ? "the password is wrong." : "it is damaged or not a PKCS#12 file."));
        } catch (GeneralSecurityException e) {
            throw configuration("Microsoft 365 sign-in cannot open the certificate's PKCS#12 (.pfx) file: the password"
                    + " is wrong or the key cannot be read.");
        } finally {
            java.util.Arrays.fill(pw, '\0');
        }
    }

    /** PEM text with the certificate (chain) and its unencrypted RSA private key (PKCS#8, or PKCS#1 from openssl). */
    static Credentials pem(String text) throws MailboxException {
        List<X509Certificate> chain = new ArrayList<>();
        PrivateKey key = null;
        Matcher m = PEM_BLOCK.matcher(text);
        try {
            CertificateFactory certificates = CertificateFactory.getInstance("X.509");
            while (m.find()) {
                String type = m.group(1).trim();
                byte[] der = Base64.getMimeDecoder().decode(m.group(2).replaceAll("\\s", ""));
                switch (type) {
                    case "CERTIFICATE" -> chain.add(
                            (X509Certificate) certificates.generateCertificate(new ByteArrayInputStream(der)));
                    case "PRIVATE KEY" -> key = KeyFactory.getInstance("RSA")
                            .generatePrivate(new PKCS8EncodedKeySpec(der));
                    case "RSA PRIVATE KEY" -> key = KeyFactory.getInstance("RSA")
                            .generatePrivate(new PKCS8EncodedKeySpec(pkcs1ToPkcs8(der)));
                    case "ENCRYPTED PRIVATE KEY" -> throw configuration("Microsoft 365 sign-in cannot use the"
                            + " certificate: its private key is encrypted; give the key without a password, or the"
                            + " certificate as a PKCS#12 (.pfx) file with its password.");
                    default -> {
                        // other blocks (parameters, requests) are not needed
                    }
                }
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw configuration("Microsoft 365 sign-in cannot read the certificate: its PEM text is damaged.");
        } catch (GeneralSecurityException e) {
            throw configuration("Microsoft 365 sign-in cannot read the certificate's private key: only RSA keys in"
                    + " PEM (PKCS#8 \"PRIVATE KEY\" or \"RSA PRIVATE KEY\") are supported.");
        }
        if (chain.isEmpty()) {
            throw configuration("Microsoft 365 sign-in cannot use the certificate: the PEM text holds no certificate.");
        }
        if (key == null) {
            throw configuration("Microsoft 365 sign-in cannot use the certificate: the PEM text holds no private key"
                    + " (give the certificate and its key in one file, or a PKCS#12 (.pfx) file).");
        }
        return checked(key, chain);
    }

    /** The key's own certificate first; refuses a key that belongs to none of the certificates. */
    private static Credentials checked(PrivateKey key, List<X509Certificate> chain) throws MailboxException {
        if (key instanceof RSAPrivateCrtKey rsa) {
            for (int i = 0; i < chain.size(); i++) {
                if (chain.get(i).getPublicKey() instanceof RSAPublicKey pub
                        && pub.getModulus().equals(rsa.getModulus())) {
                    List<X509Certificate> ordered = new ArrayList<>(chain);
                    ordered.add(0, ordered.remove(i));
                    return new Credentials(key, ordered);
                }
            }
            throw configuration("Microsoft 365 sign-in cannot use the certificate: the private key does not belong to"
                    + " it.");
        }
        if (!"RSA".equals(key.getAlgorithm())) {
            throw configuration("Microsoft 365 sign-in cannot use the certificate: Entra ID needs an RSA key, not "
                    + key.getAlgorithm() + ".");
        }
        return new Credentials(key, chain);
    }

    /** Wraps a PKCS#1 RSAPrivateKey in the PKCS#8 PrivateKeyInfo the JDK reads (RFC 5208 with rsaEncryption). */
    private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
            0x01, 0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = der(0x04, pkcs1);
        byte[] body = new byte[version.length + algorithm.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
        System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
        return der(0x30, body);
    }

    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] length = n < 0x80 ? new byte[] {(byte) n}
                : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
                : n < 0x10000 ? new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n}
                : new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        byte[] out = new byte[1 + length.length + n];
        out[0] = (byte) tag;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(content, 0, out, 1 + length.length, n);
        return out;
    }

    /** msal's failure as the admin's sentence, from Entra ID's AADSTS code or the network cause. */
    private MailboxException failure(Throwable e, String scope) {
        LOG.debug("Microsoft 365 sign-in to {} failed", describe(), e);
        if (e instanceof MsalServiceException s) {
            return serviceFailure(s, scope);
        }
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = e; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof MsalServiceException s) {
                return serviceFailure(s, scope);
            }
            String at = "Microsoft 365 sign-in could not reach " + host();
            if (t instanceof UnknownHostException) {
                return new SignInException(Kind.CONNECTION, ConnectionFailure.DNS,
                        at + ": the host name does not resolve (check DNS and the proxy).", e);
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return new SignInException(Kind.CONNECTION, ConnectionFailure.REFUSED,
                        at + ": the connection was refused or the network is unreachable.", e);
            }
            if (t instanceof SocketTimeoutException) {
                return new SignInException(Kind.CONNECTION, ConnectionFailure.TIMEOUT, at + ": no answer in time.", e);
            }
            if (t instanceof CertPathValidatorException || t instanceof CertificateException
                    || String.valueOf(t.getMessage()).contains("PKIX path")) {
                return new SignInException(Kind.FATAL, ConnectionFailure.TLS_CERTIFICATE, at + ": its TLS"
                        + " certificate is not trusted (a proxy that inspects TLS needs its certificate in Java's trust"
                        + " store).", e);
            }
            if (t instanceof SSLException) {
                return new SignInException(Kind.FATAL, ConnectionFailure.TLS_HANDSHAKE,
                        at + ": TLS could not be negotiated (" + scrub(t.getMessage()) + ").", e);
            }
            if (t instanceof IOException) {
                return new SignInException(Kind.CONNECTION, ConnectionFailure.OTHER,
                        at + ": " + scrub(t.getMessage()) + ".", e);
            }
        }
        return new SignInException(Kind.FATAL, ConnectionFailure.OTHER,
                "Microsoft 365 sign-in failed: " + scrub(String.valueOf(e.getMessage())) + ".", e);
    }

    private MailboxException serviceFailure(MsalServiceException e, String scope) {
        String description = String.valueOf(e.getMessage());
        Matcher m = AADSTS.matcher(description);
        String code = m.find() ? m.group(1) : "";
        String tag = code.isEmpty() ? "" : " (AADSTS" + code + ")";
        String tenant = settings.tenantId().trim();
        String client = settings.clientId().trim();
        ConnectionFailure auth = ConnectionFailure.AUTHENTICATION;
        String sentence = switch (code) {
            case "90002", "900023", "90072" -> "Microsoft 365 sign-in failed: " + host() + " does not know the tenant '"
                    + tenant + "'" + tag + "; check the tenant id or primary domain, and the cloud.";
            case "700016" -> "Microsoft 365 sign-in failed: no application with client id '" + client
                    + "' is registered in tenant '" + tenant + "'" + tag + "; check the application (client) id and"
                    + " that the app belongs to this tenant.";
            case "7000215" -> "Microsoft 365 sign-in failed: the client secret of application '" + client
                    + "' is wrong" + tag + "; copy the secret's Value (not its Secret ID) from the app registration's"
                    + " Certificates & secrets.";
            case "7000222" -> "Microsoft 365 sign-in failed: the client secret of application '" + client
                    + "' has expired" + tag + "; create a new one in the app registration's Certificates & secrets.";
            case "700027", "700024", "50012" -> "Microsoft 365 sign-in failed: the certificate is not registered on"
                    + " application '" + client + "'" + tag + "; upload its public part (.cer or .pem) to the app"
                    + " registration's Certificates & secrets.";
            case "7000112" -> "Microsoft 365 sign-in failed: application '" + client + "' is disabled in tenant '"
                    + tenant + "'" + tag + ".";
            case "7000229", "500011", "65001" -> "Microsoft 365 sign-in failed: application '" + client + "' has not"
                    + " been consented in tenant '" + tenant + "'" + tag + "; an administrator grants consent at "
                    + adminConsentUrl(cloud, settings) + ".";
            case "1002012", "70011", "28002" -> "Microsoft 365 sign-in refused the scope " + scope + tag
                    + ": " + firstLine(description);
            default -> null;
        };
        if (sentence == null && "invalid_instance".equals(e.errorCode())) {
            sentence = "Microsoft 365 sign-in failed: " + host() + " is not a Microsoft sign-in authority.";
            auth = ConnectionFailure.CONFIGURATION;
        }
        if (sentence == null) {
            Integer status = e.statusCode();
            boolean busy = status != null && (status == 429 || status >= 500);
            if (busy) {
                return new SignInException(Kind.CONNECTION, ConnectionFailure.OTHER, "Microsoft 365 sign-in at "
                        + host() + " is unavailable (HTTP " + status + "): " + firstLine(description), e);
            }
            sentence = "Microsoft 365 sign-in failed" + (status == null ? "" : " (HTTP " + status + ")") + ": "
                    + firstLine(description);
        }
        return new SignInException(Kind.FATAL, auth, scrub(sentence), e);
    }

    /**
     * Entra ID's admin-consent page for the connection's app in its own cloud (MICROSOFT.md §4). The static
     * {@code /.default} scope asks for every permission the app registration lists, application permissions included
     * (learn.microsoft.com/en-us/entra/identity-platform/v2-admin-consent: {@code scope} is required).
     */
    static String adminConsentUrl(GraphCloud cloud, GraphSettings settings) {
        URI base = cloud.authorityBase();
        String b = base.toString().endsWith("/") ? base.toString() : base + "/";
        return b + settings.tenantId().trim() + "/v2.0/adminconsent?client_id=" + settings.clientId().trim()
                + "&scope=" + cloud.graphScope();
    }

    /** AAD's description up to its first line (the rest is Trace ID, Correlation ID, Timestamp). */
    private String firstLine(String description) {
        String s = description.split("\\r?\\n", 2)[0].trim();
        return scrub(s.endsWith(".") ? s : s + ".");
    }

    private String host() {
        String host = cloud.authorityBase().getHost();
        return host == null ? String.valueOf(cloud.authorityBase()) : host
                + (cloud.authorityBase().getPort() > 0 ? ":" + cloud.authorityBase().getPort() : "");
    }

    /** {@code text} without the secret in any form that could reach it (as given, and each PEM/PKCS#12 piece). */
    private String scrub(String text) {
        return secret == null ? text : secret.redact(text);
    }

    private static SignInException configuration(String sentence) {
        return new SignInException(Kind.FATAL, ConnectionFailure.CONFIGURATION, sentence, null);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
