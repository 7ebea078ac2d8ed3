package io.mailferry.service.build;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * A step of the build (data-provider-service/pom.xml, package phase; ADR 0045), not of the product: rewrites the
 * classes of a runtime jar whose class-file format is older than Java 6's (picocli is compiled for Java 5) to Java 8's,
 * with the stack map frames the JVM's split verifier needs. A class-data sharing archive leaves out every class older
 * than Java 6's format, so each `./mailferry` command parsed and verified picocli's classes from its jar at start. The
 * instructions are unchanged. Jars without such classes, and signed jars, are left as they are: running it again
 * changes nothing.
 */
public final class ClassFileUpgrade {
    /** The oldest class-file format a class-data sharing archive holds (Java 6). */
    static final int OLDEST_ARCHIVED = Opcodes.V1_6;
    /** What an older class becomes (Java 8: frames required, nothing else asked of its instructions). */
    static final int UPGRADED = Opcodes.V1_8;

    private ClassFileUpgrade() {
    }

    /** @param args the jars to upgrade (the build names picocli's: other old jars in lib/ are not loaded by a command) */
    public static void main(String[] args) throws IOException {
        for (String jar : args) {
            int n = upgrade(Path.of(jar));
            if (n > 0) {
                System.out.println("Class files of " + Path.of(jar).getFileName() + " upgraded to Java 8's format: " + n);
            }
        }
    }

    /**
     * Rewrites {@code jar}'s classes older than {@link #OLDEST_ARCHIVED} in place (through a temporary file beside it);
     * every other entry is copied as it was, in the same order.
     *
     * @return how many classes were rewritten (0: the jar is untouched)
     */
    static int upgrade(Path jar) throws IOException {
        if (!needsUpgrade(jar)) {
            return 0;
        }
        Path tmp = jar.resolveSibling(jar.getFileName() + ".upgrading");
        int upgraded = 0;
        boolean moved = false;
        try {
            try (URLClassLoader types = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
                    ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
                    ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
                for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                    byte[] bytes = in.readAllBytes();
                    if (isClass(e) && version(bytes) < OLDEST_ARCHIVED) {
                        bytes = upgraded(bytes, types);
                        upgraded++;
                    }
                    ZipEntry copy = new ZipEntry(e.getName());
                    copy.setTime(e.getTime());
                    out.putNextEntry(copy);
                    out.write(bytes);
                    out.closeEntry();
                }
            }
            Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp); // whatever failed (a type frame computation could not load, too)
            }
        }
        return upgraded;
    }

    private static boolean needsUpgrade(Path jar) throws IOException {
        boolean old = false;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                String name = e.getName().toUpperCase(java.util.Locale.ROOT);
                if (name.startsWith("META-INF/") && (name.endsWith(".SF") || name.endsWith(".RSA")
                        || name.endsWith(".DSA") || name.endsWith(".EC"))) {
                    return false; // signed: a rewritten class would break its signature
                }
                old |= isClass(e) && version(in.readNBytes(8)) < OLDEST_ARCHIVED;
            }
        }
        return old;
    }

    private static boolean isClass(ZipEntry e) {
        return !e.isDirectory() && e.getName().endsWith(".class") && !e.getName().endsWith("module-info.class")
                && !e.getName().startsWith("META-INF/versions/");
    }

    /** The major version of a class file (its bytes 6-7), or Integer.MAX_VALUE when it is not one (no 0xCAFEBABE). */
    static int version(byte[] classFile) {
        boolean magic = classFile.length >= 8 && (classFile[0] & 0xff) == 0xca && (classFile[1] & 0xff) == 0xfe
                && (classFile[2] & 0xff) == 0xba && (classFile[3] & 0xff) == 0xbe;
        return magic ? ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff) : Integer.MAX_VALUE;
    }

    /** The class with the newer format and frames computed from its instructions; the types it merges from {@code types}. */
    static byte[] upgraded(byte[] classFile, ClassLoader types) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return types;
            }
        };
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                    String[] interfaces) {
                super.visit(UPGRADED, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }
}
