package io.mailferry.service.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

class ClassFileUpgradeTest {
    @TempDir
    Path dir;

    @Test
    void aJava5ClassShouldBecomeJava8WithFramesTheVerifierAcceptsAndRunTheSame() throws Exception {
        Path jar = jar("old.jar", Opcodes.V1_5);

        assertThat(ClassFileUpgrade.upgrade(jar)).isEqualTo(1);

        try (ZipFile zip = new ZipFile(jar.toFile())) {
            assertThat(ClassFileUpgrade.version(zip.getInputStream(zip.getEntry("old/Sums.class")).readAllBytes()))
                    .isEqualTo(52);
            assertThat(new String(zip.getInputStream(zip.getEntry("old/notes.txt")).readAllBytes(),
                    StandardCharsets.UTF_8)).isEqualTo("kept");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            // the split verifier checks the computed frames when the class is linked: wrong ones throw VerifyError
            Object sum = loader.loadClass("old.Sums").getMethod("upTo", int.class).invoke(null, 10);
            assertThat(sum).isEqualTo(55);
        }
    }

    /** The jar the build upgrades: every class Java 8's format, and each one verified and initialised as it loads. */
    @Test
    void picocliShouldBeUpgradedWholeAndEveryClassShouldLoad() throws Exception {
        Path jar = dir.resolve("picocli.jar");
        Files.copy(Path.of(picocli.CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI()), jar);

        int upgraded = ClassFileUpgrade.upgrade(jar);

        List<String> classes = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                String name = e.getName();
                if (name.endsWith(".class") && !name.contains("module-info") && !name.startsWith("META-INF/")) {
                    assertThat(ClassFileUpgrade.version(zip.getInputStream(e).readAllBytes())).as(name).isEqualTo(52);
                    classes.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                }
            }
        }
        assertThat(upgraded).isEqualTo(classes.size()).isGreaterThan(100);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            for (String name : classes) {
                assertThat(Class.forName(name, true, loader).getClassLoader()).as(name).isSameAs(loader);
            }
        }
    }

    @Test
    void aJarWithoutOldClassesShouldBeLeftAsItIs() throws Exception {
        assertLeftAsItIs(jar("new.jar", Opcodes.V11));
    }

    @Test
    void runningItAgainShouldChangeNothing() throws Exception {
        Path jar = jar("old.jar", Opcodes.V1_5);
        ClassFileUpgrade.upgrade(jar);
        byte[] once = Files.readAllBytes(jar);

        assertThat(ClassFileUpgrade.upgrade(jar)).isZero();

        assertThat(Files.readAllBytes(jar)).isEqualTo(once);
    }

    @Test
    void aSignedJarShouldBeLeftAsItIs() throws Exception {
        assertLeftAsItIs(jar("signed.jar", Opcodes.V1_5, "META-INF/SIGNER.SF"));
    }

    private static void assertLeftAsItIs(Path jar) throws IOException {
        byte[] before = Files.readAllBytes(jar);

        assertThat(ClassFileUpgrade.upgrade(jar)).isZero();

        assertThat(Files.readAllBytes(jar)).isEqualTo(before);
    }

    @Test
    void theBuildStepShouldUpgradeTheJarsItIsGiven() throws Exception {
        Path a = jar("a.jar", Opcodes.V1_5);
        Path b = jar("b.jar", Opcodes.V1_5);

        ClassFileUpgrade.main(new String[] {a.toString(), b.toString()});

        for (Path jar : new Path[] {a, b}) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                assertThat(ClassFileUpgrade.version(zip.getInputStream(zip.getEntry("old/Sums.class"))
                        .readAllBytes())).isEqualTo(52);
            }
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.jar", "b.jar");
        }
    }

    /** A jar with a resource and {@code old.Sums}, whose {@code upTo(n)} loops (a loop needs frames from Java 7). */
    private Path jar(String name, int version, String... extraEntries) throws IOException {
        Path jar = dir.resolve(name);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new ZipEntry("old/notes.txt"));
            out.write("kept".getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new ZipEntry("old/Sums.class"));
            out.write(sums(version));
            for (String extra : extraEntries) {
                out.putNextEntry(new ZipEntry(extra));
            }
        }
        return jar;
    }

    private static byte[] sums(int version) {
        ClassWriter cw = new ClassWriter(version >= Opcodes.V1_7 ? ClassWriter.COMPUTE_FRAMES : ClassWriter.COMPUTE_MAXS);
        cw.visit(version, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "old/Sums", null, "java/lang/Object", null);
        MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "upTo", "(I)I", null, null);
        m.visitCode();
        Label loop = new Label();
        Label end = new Label();
        m.visitInsn(Opcodes.ICONST_0); // sum
        m.visitVarInsn(Opcodes.ISTORE, 1);
        m.visitLabel(loop);
        m.visitVarInsn(Opcodes.ILOAD, 0);
        m.visitJumpInsn(Opcodes.IFLE, end);
        m.visitVarInsn(Opcodes.ILOAD, 1);
        m.visitVarInsn(Opcodes.ILOAD, 0);
        m.visitInsn(Opcodes.IADD);
        m.visitVarInsn(Opcodes.ISTORE, 1);
        m.visitIincInsn(0, -1);
        m.visitJumpInsn(Opcodes.GOTO, loop);
        m.visitLabel(end);
        m.visitVarInsn(Opcodes.ILOAD, 1);
        m.visitInsn(Opcodes.IRETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }
}
