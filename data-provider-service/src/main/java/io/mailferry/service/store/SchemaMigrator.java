package io.mailferry.service.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forward-only schema migrations: every {@code V<NNN>__<words>.sql} file under the classpath folder
 * {@code db/migration} whose version is not yet in the {@code schema_version} table is run, in version order, each in
 * its own transaction together with its {@code schema_version} row. Adding a migration = adding a file. Running it
 * again applies nothing (idempotent). A database written by a newer Mailferry (a version this build does not know) is
 * refused rather than guessed at. Why not Flyway: docs/decisions/0002-own-forward-only-migrator.md.
 */
public final class SchemaMigrator {
    private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);
    static final String DEFAULT_LOCATION = "db/migration";

    private final String location;
    private final ClassLoader classLoader;

    public SchemaMigrator() {
        this(DEFAULT_LOCATION, SchemaMigrator.class.getClassLoader());
    }

    SchemaMigrator(String location, ClassLoader classLoader) {
        this.location = location;
        this.classLoader = classLoader;
    }

    /**
     * Applies the pending migrations; returns the versions applied now (empty when up to date).
     *
     * <p>When the migrations come from a jar, the database keeps a fingerprint of them (the jar's names, sizes and
     * CRCs of the files, in {@code PRAGMA user_version}) once they are all applied: a database whose fingerprint is
     * the jar's was checked against these very files, and is not checked again — reading and hashing every file took
     * about 25 ms of each command's start (docs/performance.md, issue 10 part 25; ADR 0002). Any other fingerprint
     * (another build, a newer Mailferry, none yet) and migrations from a directory (the tests) are checked as before;
     * before a migration is applied the fingerprint is cleared, so that an upgrade cut short leaves none, and a build
     * older than what it applied checks — and refuses — the database.
     */
    public List<Integer> migrate(Jdbi jdbi) {
        Listing listing = listing();
        int stored = jdbi.withHandle(h -> h.createQuery("PRAGMA user_version").mapTo(Integer.class).one());
        if (listing.fingerprint() != 0 && stored == listing.fingerprint()) {
            return List.of();
        }
        List<Integer> done = migrate(jdbi, load(listing.names()), stored != 0);
        if (listing.fingerprint() != 0) {
            jdbi.useHandle(h -> h.execute("PRAGMA user_version = " + listing.fingerprint()));
        }
        return done;
    }

    private List<Integer> migrate(Jdbi jdbi, List<Migration> migrations, boolean fingerprinted) {
        return jdbi.withHandle(handle -> {
            handle.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version INTEGER PRIMARY KEY, description TEXT NOT NULL, checksum TEXT NOT NULL, "
                    + "applied_at INTEGER NOT NULL)");
            Map<Integer, String> applied = new TreeMap<>();
            handle.createQuery("SELECT version, checksum FROM schema_version")
                    .map((rs, ctx) -> Map.entry(rs.getInt(1), rs.getString(2)))
                    .forEach(e -> applied.put(e.getKey(), e.getValue()));
            refuseNewerDatabase(applied, migrations);
            List<Integer> done = new ArrayList<>();
            for (Migration m : migrations) {
                String checksum = applied.get(m.version());
                if (checksum != null) {
                    if (!checksum.equals(m.checksum())) {
                        log.warn("Migration {} was changed after it was applied to this database; forward-only "
                                + "migrations must not be edited, add a new one instead", m.resource());
                    }
                    continue;
                }
                if (done.isEmpty() && fingerprinted) {
                    handle.execute("PRAGMA user_version = 0");
                }
                apply(handle, m);
                done.add(m.version());
            }
            return done;
        });
    }

    private static void refuseNewerDatabase(Map<Integer, String> applied, List<Migration> known) {
        int newestKnown = known.isEmpty() ? 0 : known.get(known.size() - 1).version();
        int newestApplied = applied.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        if (newestApplied > newestKnown) {
            throw new IllegalStateException("The database was written by a newer Mailferry (schema version "
                    + newestApplied + ", this one knows up to " + newestKnown + "). Use that version or newer.");
        }
    }

    private static void apply(Handle handle, Migration m) {
        log.info("Applying schema migration V{} ({})", m.version(), m.description());
        handle.useTransaction(h -> {
            h.createScript(m.sql()).execute();
            h.createUpdate("INSERT INTO schema_version(version, description, checksum, applied_at) "
                            + "VALUES (:v, :d, :c, :t)")
                    .bind("v", m.version()).bind("d", m.description()).bind("c", m.checksum())
                    .bind("t", System.currentTimeMillis())
                    .execute();
        });
    }

    /** The migrations on the classpath, sorted by version; duplicate versions are a build error. */
    List<Migration> load() {
        return load(listing().names());
    }

    private List<Migration> load(List<String> fileNames) {
        Map<Integer, Migration> byVersion = new TreeMap<>();
        for (String name : fileNames) {
            int version = Migration.versionOf(name);
            if (version < 0) {
                continue;
            }
            String resource = location + "/" + name;
            String sql = read(resource);
            Migration m = new Migration(version, Migration.descriptionOf(name), resource, sql, sha256(sql));
            Migration clash = byVersion.putIfAbsent(version, m);
            if (clash != null && !clash.resource().equals(resource)) {
                throw new IllegalStateException("Two schema migrations have version " + version + ": "
                        + clash.resource() + " and " + resource);
            }
        }
        return List.copyOf(byVersion.values());
    }

    /**
     * The file names in every classpath entry's {@code location} folder, and their fingerprint: 0 unless they all come
     * from jars (see {@link #migrate(Jdbi)}).
     */
    record Listing(List<String> names, int fingerprint) {
    }

    Listing listing() {
        TreeSet<String> names = new TreeSet<>();
        TreeSet<String> entries = new TreeSet<>();
        boolean fromJars = true;
        try {
            for (URL url : Collections.list(classLoader.getResources(location))) {
                switch (url.getProtocol()) {
                    case "file" -> {
                        list(Path.of(url.toURI()), names);
                        fromJars = false;
                    }
                    case "jar" -> listInJar(url, names, entries);
                    default -> throw new IllegalStateException("Cannot list migrations at " + url);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list the schema migrations: " + e.getMessage(), e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        int fingerprint = 0;
        if (fromJars && !entries.isEmpty()) {
            CRC32 crc = new CRC32();
            entries.forEach(line -> crc.update(line.getBytes(StandardCharsets.UTF_8)));
            fingerprint = (int) crc.getValue();
            fingerprint = fingerprint == 0 ? 1 : fingerprint; // 0 is a database that has none
        }
        return new Listing(List.copyOf(names), fingerprint);
    }

    /**
     * The names in the jar's folder, read from the jar's own entry list: opening the jar as a file system instead
     * loaded the zip file system's provider, about 14 ms of every command's start (docs/performance.md, issue 10
     * part 24). Each file also gives {@code entries} a line of its name, size and CRC.
     */
    private static void listInJar(URL url, TreeSet<String> names, TreeSet<String> entries) throws IOException {
        JarURLConnection connection = (JarURLConnection) url.openConnection();
        connection.setUseCaches(false); // our own JarFile, closed here
        String folder = connection.getEntryName() + "/";
        try (JarFile jar = connection.getJarFile()) {
            for (JarEntry e : Collections.list(jar.entries())) {
                String name = e.getName();
                if (name.startsWith(folder) && name.length() > folder.length()
                        && name.indexOf('/', folder.length()) < 0) {
                    names.add(name.substring(folder.length()));
                    entries.add(name + " " + e.getSize() + " " + Long.toHexString(e.getCrc()) + "\n");
                }
            }
        }
    }

    private static void list(Path dir, TreeSet<String> names) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).forEach(names::add);
        }
    }

    private String read(String resource) {
        try (InputStream in = classLoader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Migration " + resource + " vanished from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
