package io.mailferry.service.engine.port;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@link MessageContent} read once from a stream: kept in memory up to {@code memoryLimit} bytes, spooled to a
 * temporary file beyond, hashed on the way. Memory per message is therefore bounded by {@code memoryLimit}.
 */
public final class BufferedContent implements MessageContent {
    /** Messages up to this size stay in memory. */
    public static final int DEFAULT_MEMORY_LIMIT = 1 << 20;

    private final byte[] bytes;
    private final int offset;
    private final Path file;
    private final long size;
    private final String sha256;

    private BufferedContent(byte[] bytes, Path file, long size, String sha256) {
        this(bytes, 0, file, size, sha256);
    }

    private BufferedContent(byte[] bytes, int offset, Path file, long size, String sha256) {
        this.bytes = bytes;
        this.offset = offset;
        this.file = file;
        this.size = size;
        this.sha256 = sha256;
    }

    public static BufferedContent read(InputStream in) throws IOException {
        return read(in, DEFAULT_MEMORY_LIMIT);
    }

    public static BufferedContent read(InputStream in, int memoryLimit) throws IOException {
        MessageDigest md = sha256Digest();
        ByteArrayOutputStream mem = new ByteArrayOutputStream(Math.min(memoryLimit, 64 * 1024));
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            md.update(buf, 0, n);
            total += n;
            if (total > memoryLimit) {
                return spool(mem.toByteArray(), buf, n, in, md, total);
            }
            mem.write(buf, 0, n);
        }
        return new BufferedContent(mem.toByteArray(), null, total, HexFormat.of().formatHex(md.digest()));
    }

    /** Wraps bytes already in memory (small messages, tests). */
    public static BufferedContent of(byte[] data) {
        MessageDigest md = sha256Digest();
        return new BufferedContent(data.clone(), null, data.length, HexFormat.of().formatHex(md.digest(data)));
    }

    /**
     * Takes {@code length} bytes of {@code buffer} from {@code offset} as they are, without copying them (a connector's
     * own receive buffer, which it hands over and never touches again); hashes them once.
     */
    public static BufferedContent wrap(byte[] buffer, int offset, int length) {
        MessageDigest md = sha256Digest();
        md.update(buffer, offset, length);
        return new BufferedContent(buffer, offset, null, length, HexFormat.of().formatHex(md.digest()));
    }

    private static BufferedContent spool(byte[] head, byte[] buf, int n, InputStream in, MessageDigest md, long total)
            throws IOException {
        Path file = Files.createTempFile("mailferry-msg-", ".eml");
        try (DigestOutputStream out = new DigestOutputStream(Files.newOutputStream(file), md)) {
            out.on(false); // head and the current chunk are already in the digest
            out.write(head);
            out.write(buf, 0, n);
            out.on(true);
            long size = total;
            int r;
            while ((r = in.read(buf)) > 0) {
                out.write(buf, 0, r);
                size += r;
            }
            return new BufferedContent(null, file, size, HexFormat.of().formatHex(md.digest()));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** Hex SHA-256 of a stream, read to its end (target-side hashing without buffering). */
    public static String sha256Of(InputStream in) throws IOException {
        MessageDigest md = sha256Digest();
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
            md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public InputStream open() throws IOException {
        return bytes != null ? new ByteArrayInputStream(bytes, offset, (int) size) : Files.newInputStream(file);
    }

    /** True when the bytes live in a temporary file. */
    public boolean spooled() {
        return file != null;
    }

    @Override
    public void close() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temp file is harmless; the OS temp cleaner removes it
            }
        }
    }
}
