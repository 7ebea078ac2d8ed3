package io.mailferry.service.connector.imap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailferry.model.mailbox.DirectoryMailbox;
import io.mailferry.service.engine.port.FailureText;
import io.mailferry.service.engine.port.MailboxDirectory;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The users of a Google Workspace domain, for the matching grid: the Directory API's {@code users.list}
 * (developers.google.com/admin-sdk/directory/reference/rest/v1/users/list), {@code customer=my_customer}, 500 a page,
 * with a token the service account gets for an administrator of the domain (domain-wide delegation of the scope
 * {@value #SCOPE}). Users without a mailbox ({@code isMailboxSetup} false) and suspended users are left out. Requests
 * go to Google's API host only (tests give their double's). Thread-safe.
 */
final class GoogleDirectory implements MailboxDirectory {
    static final String SCOPE = "https://www.googleapis.com/auth/admin.directory.user.readonly";
    static final URI GOOGLE_API = URI.create("https://admin.googleapis.com/");

    private final GmailTokenSource tokens;
    private final String admin;
    private final URI api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).build();
    private final ObjectMapper json = new ObjectMapper();

    /** The service account's tokens, made when first needed (a broken key fails the listing with its sentence). */
    @FunctionalInterface
    interface GmailTokenSource {
        GoogleServiceAccountTokens get() throws MailboxException;
    }

    GoogleDirectory(GmailTokenSource tokens, String admin, URI api) {
        this.tokens = tokens;
        this.admin = admin;
        this.api = api;
    }

    @Override
    public List<DirectoryMailbox> mailboxes() throws MailboxException {
        if (admin == null || admin.isBlank()) {
            throw new MailboxException(Kind.FATAL, "The Gmail connection names no administrator to list the domain's"
                    + " users as.");
        }
        String token = tokens.get().token(admin, SCOPE, false);
        List<DirectoryMailbox> out = new ArrayList<>();
        String page = null;
        do {
            JsonNode answer = get(token, page);
            for (JsonNode u : answer.path("users")) {
                if (u.path("suspended").asBoolean(false) || !u.path("isMailboxSetup").asBoolean(true)) {
                    continue;
                }
                out.add(new DirectoryMailbox(u.path("primaryEmail").asText(), u.path("name").path("fullName")
                        .asText(null), "user"));
            }
            page = answer.path("nextPageToken").asText(null);
        } while (page != null && !page.isEmpty());
        return out;
    }

    private JsonNode get(String token, String page) throws MailboxException {
        URI uri = api.resolve("admin/directory/v1/users?customer=my_customer&maxResults=500&orderBy=email"
                + (page == null ? "" : "&pageToken=" + URLEncoder.encode(page, StandardCharsets.UTF_8)));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new MailboxException(Kind.CONNECTION, "Google's Directory API " + FailureText.connectionTrouble(e)
                    + " while Mailferry read the Workspace users.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailboxException(Kind.FATAL, "Reading the Workspace users was interrupted.", e);
        }
        if (response.statusCode() == 403 || response.statusCode() == 401) {
            throw new MailboxException(Kind.FATAL, "Google refused to list the domain's users to " + admin + ": the"
                    + " connection's user must be a Workspace administrator, and the service account's client needs"
                    + " the scope " + SCOPE + " under Manage Domain Wide Delegation. (Google said: "
                    + message(response.body()) + ")");
        }
        if (response.statusCode() != 200) {
            throw new MailboxException(Kind.FATAL, "Google's Directory API answered " + response.statusCode() + ": "
                    + message(response.body()));
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new MailboxException(Kind.FATAL, "Google's Directory API sent an answer that is not JSON.", e);
        }
    }

    private String message(String body) {
        try {
            String m = json.readTree(body).path("error").path("message").asText(null);
            return m == null ? body : m;
        } catch (IOException | RuntimeException e) {
            return body;
        }
    }
}
