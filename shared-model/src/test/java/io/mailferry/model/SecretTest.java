package io.mailferry.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.model.connection.Secret;
import org.junit.jupiter.api.Test;

class SecretTest {
    @Test
    void toStringShouldNeverShowTheValue() {
        assertThat(new Secret("hunter2-very-secret").toString()).doesNotContain("hunter2");
    }

    @Test
    void redactShouldRemoveTheSecretAndEveryLongLineOfIt() {
        Secret pem = new Secret("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nAbC\n-----END PRIVATE KEY-----");
        String said = pem.redact("bad key near MIIEvQIBADANBgkqhkiG9w0BAQEFAASC in -----BEGIN PRIVATE KEY-----");

        assertThat(said).doesNotContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC").doesNotContain("BEGIN PRIVATE KEY")
                .contains("bad key near ***");
        assertThat(new Secret("s3cr").redact("the password s3cr was refused")).isEqualTo("the password *** was refused");
        assertThat(new Secret("").redact("nothing to hide")).isEqualTo("nothing to hide");
        assertThat(new Secret("x").redact(null)).isNull();
    }
}
