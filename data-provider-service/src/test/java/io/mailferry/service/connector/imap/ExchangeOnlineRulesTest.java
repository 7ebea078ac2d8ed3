package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.service.engine.port.BufferedContent;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MessageContent;
import java.io.InputStream;
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

    @Test
    void exchangesOwnWordingInMillisecondsShouldGiveTheWait() {
        // as imapsync's FAQ.Office365 quotes Exchange Online: a BAD answer, the wait in "milliseconds"
        String words = "Request is throttled. Suggested Backoff Time: 299961 milliseconds";
        assertThat(ImapFailures.throttling(words)).isTrue();
        assertThat(ExchangeOnlineRules.backoff(words)).isEqualTo(Duration.ofMillis(299_961));
        assertThat(ExchangeOnlineRules.backoff("Suggested Backoff Time: 12 minutes")).isNull();
    }

    @Test
    void aMessageOverTheSizeCapShouldBeRefusedWithoutReadingIt() {
        MessageContent huge = new MessageContent() {
            @Override
            public long size() {
                return ExchangeOnlineRules.MAX_MESSAGE_BYTES + 1;
            }

            @Override
            public String contentHash() {
                return "0".repeat(64);
            }

            @Override
            public InputStream open() {
                throw new AssertionError("the size alone decides");
            }

            @Override
            public void close() {
            }
        };
        assertThat(ExchangeOnlineRules.refusal(huge)).isEqualTo("The message is 36700161 bytes, larger than"
                + " Microsoft 365 accepts over IMAP (36700160 bytes).");
    }

    @Test
    void theTenantsOwnSizeRefusalShouldBeRecognised() {
        assertThat(ExchangeOnlineRules.sizeRefusal("Maximum size of appendable message has been exceeded.")).isTrue();
        assertThat(ExchangeOnlineRules.sizeRefusal("Folder name is reserved.")).isFalse();
    }
}
