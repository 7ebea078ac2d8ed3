package io.mailferry.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The schema of an earlier release, for upgrade tests: the production migrator limited to the shipped migrations. */
final class PreviousRelease {
    private PreviousRelease() {
    }

    /**
     * The shipped migrations up to {@code version}, copied from the classpath into a folder of their own under
     * {@code dir}, so the schema is exactly the one that release created.
     */
    static SchemaMigrator migrator(Path dir, int version) throws Exception {
        Path root = dir.resolve("release-" + version);
        Path folder = root.resolve(SchemaMigrator.DEFAULT_LOCATION);
        Files.createDirectories(folder);
        List<Migration> shipped = new SchemaMigrator().load();
        assertThat(shipped).extracting(Migration::version).contains(version, version + 1);
        for (Migration m : shipped) {
            if (m.version() <= version) {
                String name = m.resource().substring(m.resource().lastIndexOf('/') + 1);
                Files.writeString(folder.resolve(name), m.sql(), StandardCharsets.UTF_8);
            }
        }
        // no parent: the production migrations on the test classpath must stay out of sight
        return new SchemaMigrator(SchemaMigrator.DEFAULT_LOCATION,
                new URLClassLoader(new URL[] {root.toUri().toURL()}, null));
    }
}
