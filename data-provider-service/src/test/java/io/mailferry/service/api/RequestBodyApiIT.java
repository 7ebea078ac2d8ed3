package io.mailferry.service.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.api.ApiProblem;
import io.mailferry.model.job.JobRequest;
import io.mailferry.service.testing.ApiClient;
import io.mailferry.service.testing.ApiClient.Answer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A number or a boolean in a request body is taken only as what it is: the real {@link ApiServer} with the API's JSON
 * settings and a route that reads a {@link JobRequest} refuses {@code 1.5} or {@code "3"} for a whole number with a
 * 400 naming the field, where Jackson's defaults would have turned them into 1 and 3.
 */
class RequestBodyApiIT {
    private static final String TOKEN = "t".repeat(40);

    ApiServer server;
    ApiClient api;

    @BeforeEach
    void start() throws Exception {
        Routes echo = router -> router.post("/api/v1/echo", r -> Response.ok(r.body(JobRequest.class)))
                .post("/api/v1/flag", r -> Response.ok(java.util.Map.of("flag", r.queryFlag("acceptValid", false))))
                .post("/api/v1/optional", r -> Response.ok(java.util.Map.of("present",
                        r.optionalBody(JobRequest.class).isPresent())));
        server = ApiServer.start(0, TOKEN, Json.mapper(), List.of(echo));
        api = new ApiClient(server.baseUrl(), TOKEN);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void aFractionOrAQuotedNumberShouldBeRefusedNamingTheField() {
        for (String value : List.of("1.5", "\"3\"", "2.0")) {
            Answer answer = api.send("POST", "/api/v1/echo", job("\"concurrentMailboxes\":" + value));
            assertThat(answer.status()).as(value).isEqualTo(400);
            ApiProblem problem = answer.as(ApiProblem.class);
            assertThat(problem.code()).isEqualTo("malformed_request");
            assertThat(problem.detail()).as(value).isEqualTo("In the request body, options.concurrentMailboxes must be"
                    + " a whole number (like 4, without quotes or a fraction).");
        }
        Answer options = api.send("POST", "/api/v1/echo", "{\"name\":\"j\",\"options\":5}");
        assertThat(options.as(ApiProblem.class).detail()).isEqualTo("In the request body, options must be an object"
                + " in braces.");
        Answer flag = api.send("POST", "/api/v1/echo", job("\"deleteFromSource\":\"true\""));
        assertThat(flag.status()).isEqualTo(400);
        assertThat(flag.as(ApiProblem.class).detail()).isEqualTo("In the request body, options.deleteFromSource must"
                + " be true or false (without quotes).");
    }

    @Test
    void properNumbersShouldStillBeRead() {
        Answer answer = api.send("POST", "/api/v1/echo", job("\"concurrentMailboxes\":3,\"deleteFromSource\":true"));

        assertThat(answer.status()).isEqualTo(200);
        JobRequest echoed = answer.as(JobRequest.class);
        assertThat(echoed.options().concurrentMailboxes()).isEqualTo(3);
        assertThat(echoed.options().deleteFromSource()).isTrue();
    }

    @Test
    void kindsShouldBeReadAndAnUnknownKindRefusedNamingTheChoices() {
        Answer kinds = api.send("POST", "/api/v1/echo", job("\"folders\":{\"kinds\":[\"MAIL\",\"CALENDAR\"]}"));
        Answer unknown = api.send("POST", "/api/v1/echo", job("\"folders\":{\"kinds\":[\"NOTES\"]}"));

        assertThat(kinds.status()).isEqualTo(200);
        assertThat(kinds.as(JobRequest.class).options().folders().kinds()).containsExactlyInAnyOrder(
                io.mailferry.model.job.FolderClass.MAIL, io.mailferry.model.job.FolderClass.CALENDAR);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.as(ApiProblem.class).detail()).isEqualTo("In the request body, options.folders.kinds[0]"
                + " must be one of MAIL, CALENDAR, CONTACTS, TASKS.");
    }

    /** Well-formed JSON the model cannot take: a 400 naming the field, never a 500 or a Java type's name. */
    @Test
    void nullBodiesOutOfRangeNumbersAndNullItemsShouldBeRefusedInPlainWords() {
        Answer nothing = api.send("POST", "/api/v1/echo", "null");
        assertThat(nothing.status()).isEqualTo(400);
        assertThat(nothing.as(ApiProblem.class).detail()).isEqualTo("The request needs a JSON body, not null.");

        Answer huge = api.send("POST", "/api/v1/echo", job("\"concurrentMailboxes\":99999999999"));
        assertThat(huge.status()).isEqualTo(400);
        assertThat(huge.as(ApiProblem.class).detail()).startsWith("In the request body, options.concurrentMailboxes ")
                .doesNotContain("JobRequest");

        assertThat(api.send("POST", "/api/v1/optional", " null ").body()).as("an optional body may be null")
                .contains("false");

        Answer list = api.send("POST", "/api/v1/echo", "[1,2]");
        assertThat(list.as(ApiProblem.class).detail()).isEqualTo("The request body is not an object in braces of the"
                + " fields this request takes.");
    }

    /** A body whose chunked framing is broken is the client's fault: a 400 with a sentence, not a 500. */
    @Test
    void aBrokenChunkedBodyShouldBeRefusedAsMalformed() throws Exception {
        java.net.URI base = server.baseUrl();
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api/v1/echo HTTP/1.1\r\nHost: " + base.getHost() + ":"
                    + base.getPort() + "\r\nAuthorization: Bearer " + TOKEN + "\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").doesNotContain("internal_error");
        }
    }

    @Test
    void aFlagShouldBeTrueOrFalseAndNothingElse() {
        assertThat(api.send("POST", "/api/v1/flag?acceptValid=TRUE", "").body()).contains("true");
        assertThat(api.send("POST", "/api/v1/flag", "").body()).contains("false");
        Answer yes = api.send("POST", "/api/v1/flag?acceptValid=yes", "");
        assertThat(yes.status()).isEqualTo(400);
        assertThat(yes.as(ApiProblem.class).detail()).isEqualTo("acceptValid must be true or false, not \"yes\".");
    }

    private static String job(String options) {
        return "{\"name\":\"j\",\"sourceConnectionId\":\"s\",\"targetConnectionId\":\"t\",\"options\":{" + options
                + "},\"pairs\":[]}";
    }
}
