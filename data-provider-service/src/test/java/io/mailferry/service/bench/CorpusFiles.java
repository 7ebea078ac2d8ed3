package io.mailferry.service.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The corpus written to disk once per run, so no phase pays for generating messages and every phase moves the same
 * bytes. Reading a message back costs a page-cache copy only.
 */
final class CorpusFiles {
    private final Corpus corpus;
    private final Path dir;
    private final long[] sizes;

    private CorpusFiles(Corpus corpus, Path dir, long[] sizes) {
        this.corpus = corpus;
        this.dir = dir;
        this.sizes = sizes;
    }

    static CorpusFiles write(Corpus corpus, int count, Path dir) throws IOException {
        Files.createDirectories(dir);
        long[] sizes = new long[count];
        for (int i = 0; i < count; i++) {
            byte[] m = corpus.message(i);
            Files.write(dir.resolve(i + ".eml"), m);
            sizes[i] = m.length;
        }
        return new CorpusFiles(corpus, dir, sizes);
    }

    int count() {
        return sizes.length;
    }

    long size(int i) {
        return sizes[i];
    }

    long totalBytes() {
        long sum = 0;
        for (long s : sizes) {
            sum += s;
        }
        return sum;
    }

    long largest() {
        long max = 0;
        for (long s : sizes) {
            max = Math.max(max, s);
        }
        return max;
    }

    Path file(int i) {
        return dir.resolve(i + ".eml");
    }

    byte[] bytes(int i) {
        try {
            return Files.readAllBytes(file(i));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    java.time.Instant internalDate(int i) {
        return corpus.internalDate(i);
    }
}
