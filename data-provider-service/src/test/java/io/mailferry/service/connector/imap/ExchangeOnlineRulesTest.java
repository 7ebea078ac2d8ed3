package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.service.engine.port.BufferedContent;
import io.mailferry.service.engine.port.MailboxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExchangeOnlineRulesTest {
    @Test
    void aThrottledAnswerShouldBeThrottledWithTheSuggestedWait() {
        String words = "Request is throttled. Suggested Backoff Time: 1534 ms";
        assertThat(ImapFailures.throttling(words)).isTrue();
        MailboxException e = ImapFailures.throttled("Target IMAP server outlook.office365.com:993",
                "Target asks to slow down", words, null);
        assertThat(e.kind()).isEqualTo(MailboxException.Kind.THROTTLED);
        assertThat(e.who()).isEqualTo("Target IMAP server outlook.office365.com:993");
        assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(1534));
        assertThat(ExchangeOnlineRules.backoff("NO [LIMIT] slow down")).isNull();
    }

    @Test
    void onlyLinesOverTheLimitShouldBeRefused() {
        String ok = "Subject: a\r\n\r\n" + "y".repeat(ExchangeOnlineRules.MAX_LINE_CHARS) + "\r\n";
        String wide = "Subject: a\r\n\r\n" + "y".repeat(ExchangeOnlineRules.MAX_LINE_CHARS + 1) + "\n";
        assertThat(ExchangeOnlineRules.refusal(BufferedContent.of(ok.getBytes(StandardCharsets.US_ASCII)))).isNull();
        assertThat(ExchangeOnlineRules.refusal(BufferedContent.of(wide.getBytes(StandardCharsets.US_ASCII))))
                .contains("10001 characters");
    }
}
