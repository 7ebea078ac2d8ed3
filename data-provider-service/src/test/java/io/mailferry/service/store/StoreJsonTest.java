package io.mailferry.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The store's JSON: the array of ids a page of the ledger is asked for by. */
class StoreJsonTest {
    @Test
    void stringsShouldBeAJsonArrayThatReadsBackAsTheSameStrings() throws Exception {
        List<String> values = new ArrayList<>(List.of("", "5:3", "AAMkAGI2TG93AAA=/+x:y", "quote\" back\\slash /",
                "ü ß 日本 \uD83D\uDCE7 \u2028 \u007F", "[\"],{}"));
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        values.add(controls.toString());

        String json = StoreJson.strings(values);

        assertThat(new ObjectMapper().readValue(json, new TypeReference<List<String>>() { })).isEqualTo(values);
        assertThat(json).as("RFC 8259: no raw control character inside a string")
                .doesNotContainPattern("[\\x00-\\x1f]").contains("\\u0000", "\\u001f", "\\\"", "\\\\");
        assertThat(StoreJson.strings(List.of())).isEqualTo("[]");
        assertThat(StoreJson.strings(List.of("a", "b"))).isEqualTo("[\"a\",\"b\"]");
    }
}
