package io.mailferry.service.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.mailferry.model.api.ApiProblem;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.service.RunningService;
import io.mailferry.service.ServiceConfig;
import io.mailferry.service.ServiceMain;
import io.mailferry.service.testing.ApiClient;
import io.mailferry.service.testing.ApiClient.Answer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pages of a job's pairs and the job list's summaries, through the real service (no mail server needed). */
class PairPagingApiIT {
    @TempDir
    Path dataDir;
    RunningService service;
    ApiClient api;
    Job job;

    @BeforeEach
    void start() {
        service = ServiceMain.start(new ServiceConfig(dataDir, 0, ServiceMain.defaultProbes(), false));
        api = new ApiClient(service.baseUrl(), service.token());
        Connection source = api.send("POST", "/api/v1/connections", ServiceApiIT.imapRequest(new Secret("pw")))
                .as(Connection.class);
        var target = ServiceApiIT.imapRequest(new Secret("pw"));
        Connection t = api.send("POST", "/api/v1/connections", new io.mailferry.model.connection.ConnectionRequest(
                "New", ConnectionRole.TARGET, target.kind(), target.imap(), null, null, target.secret()))
                .as(Connection.class);
        List<MailboxPairRequest> pairs = IntStream.range(0, 5)
                .mapToObj(i -> MailboxPairRequest.of("u" + i + "@old.example", "u" + i + "@new.example")).toList();
        Answer created = api.send("POST", "/api/v1/jobs", new JobRequest("Paged", source.id(), t.id(), null, pairs));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        job = created.as(Job.class);
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void pagesShouldFollowThePairOrderAndCarryTheTotal() {
        Answer first = pairs("?offset=0&limit=2");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("X-Total-Count")).isEqualTo("5");
        assertThat(sources(first)).containsExactly("u0@old.example", "u1@old.example");

        assertThat(sources(pairs("?offset=2&limit=2"))).containsExactly("u2@old.example", "u3@old.example");
        Answer last = pairs("?offset=4&limit=2");
        assertThat(sources(last)).containsExactly("u4@old.example");
        assertThat(last.header("X-Total-Count")).isEqualTo("5");

        Answer beyond = pairs("?offset=5&limit=2");
        assertThat(beyond.status()).isEqualTo(200);
        assertThat(beyond.json().isArray()).isTrue();
        assertThat(beyond.json()).isEmpty();
        assertThat(sources(pairs("?offset=3"))).as("default limit").hasSize(2);
        assertThat(sources(pairs("?limit=3"))).as("default offset").containsExactly("u0@old.example",
                "u1@old.example", "u2@old.example");
    }

    @Test
    void withoutPagingEveryPairShouldComeInOrder() {
        Answer all = pairs("");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.contentType()).startsWith("application/json");
        assertThat(all.header("X-Total-Count")).isEqualTo("5");
        assertThat(sources(all)).containsExactly("u0@old.example", "u1@old.example", "u2@old.example",
                "u3@old.example", "u4@old.example");
    }

    @Test
    void badOffsetOrLimitShouldBeRefusedWithAPlainSentence() {
        assertRefused("?offset=-1", "offset must be a whole number from 0 up, not \"-1\".");
        assertRefused("?offset=abc&limit=2", "offset must be a whole number from 0 up, not \"abc\".");
        assertRefused("?limit=0", "limit must be a whole number from 1 to 1000, not \"0\".");
        assertRefused("?limit=1001", "limit must be a whole number from 1 to 1000, not \"1001\".");
        assertRefused("?offset=0&limit=", "limit must be a whole number from 1 to 1000, not \"\".");
    }

    @Test
    void anUnknownJobShouldBeNotFoundWithOrWithoutPaging() {
        for (String query : List.of("", "?offset=0&limit=10")) {
            Answer answer = api.get("/api/v1/jobs/nope/pairs" + query);
            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.as(ApiProblem.class).code()).isEqualTo("job_not_found");
        }
    }

    @Test
    void theJobListShouldSummariseThePairsByState() {
        Job listed = Arrays.stream(api.get("/api/v1/jobs").as(Job[].class))
                .filter(j -> j.id().equals(job.id())).findFirst().orElseThrow();
        assertThat(listed.mailboxCount()).isEqualTo(5);
        assertThat(listed.mailboxStates()).containsOnly(entry(MailboxState.NEW, 5));
        assertThat(api.get("/api/v1/jobs").json().get(0).get("mailboxStates").get("NEW").asInt()).isEqualTo(5);

        String second = sourcesAndIds(pairs("?offset=1&limit=1")).get(0).id();
        assertThat(api.send("DELETE", "/api/v1/jobs/" + job.id() + "/pairs/" + second, null).status())
                .isEqualTo(204);
        Job after = api.get("/api/v1/jobs/" + job.id()).as(Job.class);
        assertThat(after.mailboxCount()).isEqualTo(4);
        assertThat(after.mailboxStates()).containsOnly(entry(MailboxState.NEW, 4));
        assertThat(pairs("?offset=0&limit=10").header("X-Total-Count")).isEqualTo("4");
    }

    private void assertRefused(String query, String sentence) {
        Answer answer = pairs(query);
        assertThat(answer.status()).as(query).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        ApiProblem problem = answer.as(ApiProblem.class);
        assertThat(problem.code()).isEqualTo("invalid_parameter");
        assertThat(problem.detail()).isEqualTo(sentence);
    }

    private Answer pairs(String query) {
        return api.get("/api/v1/jobs/" + job.id() + "/pairs" + query);
    }

    private static List<MailboxPair> sourcesAndIds(Answer answer) {
        return List.of(answer.as(MailboxPair[].class));
    }

    private static List<String> sources(Answer answer) {
        return sourcesAndIds(answer).stream().map(MailboxPair::sourceMailbox).toList();
    }
}
