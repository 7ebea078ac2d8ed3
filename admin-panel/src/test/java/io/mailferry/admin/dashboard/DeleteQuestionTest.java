package io.mailferry.admin.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.ConnectionRole;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The question before a connection is deleted names it and the jobs that use it. */
class DeleteQuestionTest {

    @Test
    void anUnusedConnectionShouldBeNamedAndSaidUnused() {
        assertThat(DashboardView.deleteQuestion(ConnectionRole.SOURCE, "Old Dovecot", List.of()))
                .contains("source connection \"Old Dovecot\"", "No job uses it");
    }

    @Test
    void aUsedConnectionShouldNameEveryJobThatUsesIt() {
        assertThat(DashboardView.deleteQuestion(ConnectionRole.TARGET, "M365", List.of("Wave 1")))
                .contains("target connection \"M365\"", "used by the job \"Wave 1\"", "that job is deleted");
        assertThat(DashboardView.deleteQuestion(ConnectionRole.TARGET, "M365", List.of("Wave 1", "Wave 2")))
                .contains("used by 2 jobs: \"Wave 1\", \"Wave 2\"", "those jobs are deleted");
    }
}
