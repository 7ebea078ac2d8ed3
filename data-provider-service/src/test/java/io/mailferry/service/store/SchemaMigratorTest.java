package io.mailferry.service.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaMigratorTest {
    @TempDir
    Path dir;

    @Test
    void openShouldApplyEveryMigrationOnceAndRecordIt() {
        Path file = dir.resolve("mailferry.db");
        try (Database db = Database.open(file)) {
            assertThat(versions(db.jdbi())).contains(1);
            assertThat(tables(db.jdbi())).contains("connection", "schema_version");
        }
        try (Database db = Database.open(file)) {
            assertThat(new SchemaMigrator().migrate(db.jdbi())).isEmpty();
            assertThat(versions(db.jdbi())).doesNotHaveDuplicates().contains(1);
        }
    }

    @Test
    void migrateShouldApplyOnlyNewFilesInVersionOrder() {
        Jdbi jdbi = Jdbi.create("jdbc:sqlite:" + dir.resolve("t.db"));
        SchemaMigrator first = new SchemaMigrator("migrations-test/first", getClass().getClassLoader());
        assertThat(first.migrate(jdbi)).containsExactly(1, 2);
        SchemaMigrator later = new SchemaMigrator("migrations-test/later", getClass().getClassLoader());
        assertThat(later.migrate(jdbi)).containsExactly(3);
        List<String> notes = jdbi.withHandle(h -> h.createQuery("SELECT note FROM demo ORDER BY id")
                .mapTo(String.class).list());
        assertThat(notes).containsExactly("from V002", "from V003");
    }

    @Test
    void migrateShouldRefuseADatabaseFromANewerVersion() {
        Jdbi jdbi = Jdbi.create("jdbc:sqlite:" + dir.resolve("t.db"));
        new SchemaMigrator("migrations-test/later", getClass().getClassLoader()).migrate(jdbi);
        SchemaMigrator older = new SchemaMigrator("migrations-test/older", getClass().getClassLoader());
        assertThatThrownBy(() -> older.migrate(jdbi)).hasMessageContaining("newer Mailferry");
    }

    @Test
    void aFailingMigrationShouldLeaveNoTraceOfItself() {
        Jdbi jdbi = Jdbi.create("jdbc:sqlite:" + dir.resolve("t.db"));
        SchemaMigrator broken = new SchemaMigrator("migrations-test/broken", getClass().getClassLoader());
        assertThatThrownBy(() -> broken.migrate(jdbi));
        assertThat(versions(jdbi)).containsExactly(1);
        assertThat(tables(jdbi)).doesNotContain("half");
    }

    private static List<Integer> versions(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT version FROM schema_version ORDER BY version")
                .mapTo(Integer.class).list());
    }

    @Test
    void migrationsInAJarShouldBeFoundByTheirFolderOnly() throws Exception {
        Path jar = dir.resolve("migrations.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("db/", "db/migration/", "db/migration/V002__second.sql",
                    "db/migration/V001__first.sql", "db/migration/README.txt", "db/migration/old/V003__nested.sql",
                    "db/migrationV9__beside.sql")) {
                out.putNextEntry(new JarEntry(name));
                if (!name.endsWith("/")) {
                    out.write("SELECT 1;".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                out.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            List<Migration> found = new SchemaMigrator("db/migration", loader).load();
            assertThat(found).extracting(Migration::version).containsExactly(1, 2);
            assertThat(found).extracting(Migration::description).containsExactly("first", "second");
        }
    }

    @Test
    void migrationsFromAJarShouldBeCheckedOnceForTheseFilesAndAgainWhenTheyChange() throws Exception {
        Jdbi jdbi = Jdbi.create("jdbc:sqlite:" + dir.resolve("t.db"));
        Path first = migrationsJar("first.jar", "CREATE TABLE a (x INTEGER);", "CREATE TABLE b (x INTEGER);");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {first.toUri().toURL()}, null)) {
            SchemaMigrator migrator = new SchemaMigrator("db/migration", loader);
            assertThat(migrator.migrate(jdbi)).containsExactly(1, 2);
            assertThat(userVersion(jdbi)).isEqualTo(migrator.listing().fingerprint()).isNotZero();
            // the fingerprint stands for a check already made: the files are not read and the table not asked
            jdbi.useHandle(h -> h.execute("DELETE FROM schema_version WHERE version = 2"));
            assertThat(migrator.migrate(jdbi)).isEmpty();
            assertThat(versions(jdbi)).containsExactly(1);
        }
        Path later = migrationsJar("later.jar", "CREATE TABLE a (x INTEGER);", "CREATE TABLE b (x INTEGER);",
                "CREATE TABLE c (x INTEGER);");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {later.toUri().toURL()}, null)) {
            SchemaMigrator migrator = new SchemaMigrator("db/migration", loader);
            assertThatThrownBy(() -> migrator.migrate(jdbi)).as("another jar: checked again, V002 found missing")
                    .hasMessageContaining("table b already exists");
            jdbi.useHandle(h -> h.execute("DROP TABLE b"));
            assertThat(migrator.migrate(jdbi)).containsExactly(2, 3);
            assertThat(userVersion(jdbi)).isEqualTo(migrator.listing().fingerprint());
        }
        assertThat(new SchemaMigrator("migrations-test/first", getClass().getClassLoader()).listing().fingerprint())
                .as("from a directory: always checked").isZero();
    }

    @Test
    void anUpgradeCutShortShouldLeaveNoFingerprintSoTheOlderBuildRefusesTheDatabase() throws Exception {
        Jdbi jdbi = Jdbi.create("jdbc:sqlite:" + dir.resolve("t.db"));
        Path older = migrationsJar("older.jar", "CREATE TABLE a (x INTEGER);");
        Path newer = migrationsJar("newer.jar", "CREATE TABLE a (x INTEGER);", "CREATE TABLE b (x INTEGER);",
                "this is no SQL;");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {older.toUri().toURL()}, null)) {
            assertThat(new SchemaMigrator("db/migration", loader).migrate(jdbi)).containsExactly(1);
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {newer.toUri().toURL()}, null)) {
            assertThatThrownBy(() -> new SchemaMigrator("db/migration", loader).migrate(jdbi));
        }
        assertThat(versions(jdbi)).as("V002 applied, V003 failed").containsExactly(1, 2);
        assertThat(userVersion(jdbi)).isZero();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {older.toUri().toURL()}, null)) {
            SchemaMigrator migrator = new SchemaMigrator("db/migration", loader);
            assertThatThrownBy(() -> migrator.migrate(jdbi)).hasMessageContaining("newer Mailferry");
        }
    }

    private Path migrationsJar(String name, String... sql) throws Exception {
        Path jar = dir.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("db/"));
            out.putNextEntry(new JarEntry("db/migration/"));
            for (int i = 0; i < sql.length; i++) {
                out.putNextEntry(new JarEntry("db/migration/V00" + (i + 1) + "__step.sql"));
                out.write(sql[i].getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    private static int userVersion(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("PRAGMA user_version").mapTo(Integer.class).one());
    }

    private static List<String> tables(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT name FROM sqlite_master WHERE type = 'table'")
                .mapTo(String.class).list());
    }
}
