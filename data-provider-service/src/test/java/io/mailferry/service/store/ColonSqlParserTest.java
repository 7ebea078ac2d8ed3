package io.mailferry.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.jdbi.v3.core.statement.ColonPrefixSqlParser;
import org.jdbi.v3.core.statement.ParsedSql;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ColonSqlParser} reads every statement as Jdbi's own parser does (the one it replaces). */
class ColonSqlParserTest {
    private static final ColonPrefixSqlParser JDBI = new ColonPrefixSqlParser();

    /** The same parse, or the same refusal (a statement mixing named and positional parameters). */
    private static void sameAsJdbi(String sql) {
        Object expected;
        try {
            expected = JDBI.parse(sql, null);
        } catch (UnableToExecuteStatementException e) {
            expected = e.getMessage();
        }
        Object actual;
        try {
            actual = ColonSqlParser.parse(sql);
        } catch (UnableToExecuteStatementException e) {
            actual = e.getMessage();
        }
        assertThat(actual).as("parsing [%s]", sql).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT version, checksum FROM schema_version",
        "INSERT INTO pair(id, job_id, state) VALUES (:id, :jobId, 'QUEUED')",
        "UPDATE pair SET state = :state WHERE id IN (:__ids_0, :__ids_1) AND job_id = :job",
        "SELECT * FROM t WHERE a = :a AND b = ?? AND c::text = :c AND d = :e.f?.g#h AND e = :$\u00e9t\u00e9_2",
        "SELECT * FROM t WHERE a = ? AND b = ? // :not, ?",
        "SELECT ':not' AS x, 'it''s :no' AS y, 'a\\' :still_text' AS z, \"col:x\" FROM t WHERE v = :v",
        "/* :comment ? */ SELECT 1 -- :dash, ? are not parameters\r WHERE x = :x",
        "SELECT '\\'' || :a, \\:escaped, \"\" , :b",
        "SELECT 'unterminated :p",
        "SELECT /* unterminated :p",
        "SELECT : , ::, :::x, ?:x, :?.a, x\\",
    })
    void everyShapeShouldParseAsJdbiParsesIt(String sql) {
        sameAsJdbi(sql);
    }

    @Test
    void namedAndPositionalParametersShouldBeFound() {
        ParsedSql p = ColonSqlParser.parse("SELECT * FROM t WHERE a = :a AND b = :b AND c = 'x:y'");
        assertThat(p.getSql()).isEqualTo("SELECT * FROM t WHERE a = ? AND b = ? AND c = 'x:y'");
        assertThat(p.getParameters().getParameterNames()).containsExactly("a", "b");
        assertThat(ColonSqlParser.parse("SELECT ? FROM t WHERE b = ?").getParameters().isPositional()).isTrue();
    }

    @Test
    void randomTextOfSqlsMarkupShouldParseAsJdbiParsesIt() {
        Random random = new Random(20261206);
        List<String> pieces = List.of("a", "b1", " ", ":", "::", "?", "??", "'", "\"", "\\", "/*", "*/", "*", "/", ".",
                "#", "_", "-", "?.", ":x", "\n", "''", "\\'", "--", "//", "$", "\u00e9", "\r", "\ud83d\ude00", "\ud83d");
        for (int round = 0; round < 20_000; round++) {
            StringBuilder sql = new StringBuilder();
            for (int k = random.nextInt(14); k >= 0; k--) {
                sql.append(pieces.get(random.nextInt(pieces.size())));
            }
            sameAsJdbi(sql.toString());
        }
    }
}
