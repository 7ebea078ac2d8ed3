package io.mailferry.service.connector.ews.doubles;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * An Exchange Autodiscover SOAP service on HTTPS (its certificate the caller's), answering {@code GetUserSettings} for
 * the service account with the EWS URL it was given as {@code ExternalEwsUrl}, in the shape of Microsoft's
 * documented example: https://learn.microsoft.com/en-us/exchange/client-developer/web-service-reference/getusersettings-operation-soap
 * (the response's {@code UserSettings} of {@code StringSetting}s). Counts the requests that reached it, before the
 * password is checked: a client that refused its certificate sends none.
 */
public final class AutodiscoverDouble implements AutoCloseable {
    private final HttpsServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "autodiscover-double");
        t.setDaemon(true);
        return t;
    });
    private final String user;
    private final String password;
    private final URI ewsUrl;
    private final AtomicInteger requests = new AtomicInteger();

    public AutodiscoverDouble(SSLContext tls, String user, String password, URI ewsUrl) throws IOException {
        this.user = user;
        this.password = password;
        this.ewsUrl = ewsUrl;
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(pool);
        server.createContext("/autodiscover/autodiscover.svc", this::handle);
        server.start();
    }

    /** The SOAP Autodiscover URL of this double. */
    public URI url() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/autodiscover/autodiscover.svc");
    }

    /** Requests that reached the service (TLS accepted by the client), whatever their credentials. */
    public int requests() {
        return requests.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            requests.incrementAndGet();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(auth)) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"autodiscover.contoso.example\"");
                ex.sendResponseHeaders(401, -1);
                return;
            }
            if (!body.contains("GetUserSettingsRequestMessage")) {
                ex.sendResponseHeaders(400, -1);
                return;
            }
            byte[] answer = answer().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/xml; charset=utf-8");
            ex.sendResponseHeaders(200, answer.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    private String answer() {
        return """
                <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" \
                xmlns:a="http://www.w3.org/2005/08/addressing">
                  <s:Header>
                    <a:Action s:mustUnderstand="1">\
                http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/GetUserSettingsResponse</a:Action>
                    <h:ServerVersionInfo xmlns:h="http://schemas.microsoft.com/exchange/2010/Autodiscover" \
                xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
                      <h:MajorVersion>15</h:MajorVersion>
                      <h:MinorVersion>2</h:MinorVersion>
                      <h:MajorBuildNumber>1544</h:MajorBuildNumber>
                      <h:MinorBuildNumber>4</h:MinorBuildNumber>
                      <h:Version>Exchange2015</h:Version>
                    </h:ServerVersionInfo>
                  </s:Header>
                  <s:Body>
                    <GetUserSettingsResponseMessage xmlns="http://schemas.microsoft.com/exchange/2010/Autodiscover">
                      <Response xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
                        <ErrorCode>NoError</ErrorCode>
                        <ErrorMessage />
                        <UserResponses>
                          <UserResponse>
                            <ErrorCode>NoError</ErrorCode>
                            <ErrorMessage>No error.</ErrorMessage>
                            <RedirectTarget i:nil="true" />
                            <UserSettingErrors />
                            <UserSettings>
                              <UserSetting i:type="StringSetting">
                                <Name>InternalEwsUrl</Name>
                                <Value>https://internal.contoso.example/EWS/Exchange.asmx</Value>
                              </UserSetting>
                              <UserSetting i:type="StringSetting">
                                <Name>ExternalEwsUrl</Name>
                                <Value>%s</Value>
                              </UserSetting>
                            </UserSettings>
                          </UserResponse>
                        </UserResponses>
                      </Response>
                    </GetUserSettingsResponseMessage>
                  </s:Body>
                </s:Envelope>
                """.formatted(ewsUrl);
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
