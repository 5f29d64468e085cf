package dev.vaekit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards against the use-after-free described in the engine package notes: DJL's overloads that take a Java number
 * (x.mul(2f), x.div(n), x.pow(p), x.maximum(m), ...) wrap it in a tensor over a Java direct buffer and close the
 * wrapper right after the op, while autograd keeps that tensor for the backward pass; once the garbage collector frees
 * the buffer, the backward pass multiplies by whatever the memory holds then. This test reads the constant pools of
 * vaekit's compiled classes and fails on any reference to those overloads; {@link Tensors#mul} and its siblings are
 * the safe replacements.
 */
class JavaBackedOperandsTest {
    /** Overloads whose number operand autograd saves for the backward pass (add and sub save none; comparisons have no gradient). */
    private static final Set<String> SAVED_BY_AUTOGRAD = Set.of(
            "mul",
            "muli",
            "div",
            "divi",
            "pow",
            "powi",
            "maximum",
            "maximumi",
            "minimum",
            "minimumi",
            "rdiv",
            "rdivi",
            "rpow",
            "rpowi");

    private static final Set<String> OWNERS =
            Set.of("ai/djl/ndarray/NDArray", "ai/djl/pytorch/engine/PtNDArray", "ai/djl/ndarray/NDArrays");

    @Test
    void noClassUsesANumberOverloadThatAutogradKeeps() throws IOException, URISyntaxException {
        Path classes = Path.of(Tensors.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<String> offenders = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                scanned++;
                try (InputStream in = Files.newInputStream(file)) {
                    for (String ref : unsafeReferences(in)) {
                        offenders.add(classes.relativize(file) + ": " + ref);
                    }
                }
            }
        }
        assertThat(scanned).as("classes scanned under %s", classes).isGreaterThan(100);
        assertThat(offenders).isEmpty();
    }

    @Test
    void theScannerFindsAReferenceWhenThereIsOne() throws IOException {
        try (InputStream in = Files.newInputStream(classFile(Fixture.class))) {
            assertThat(unsafeReferences(in)).containsExactly("ai/djl/ndarray/NDArray.mul(Ljava/lang/Number;)");
        }
    }

    /** A class that calls an unsafe overload, to prove the scanner sees one. */
    static final class Fixture {
        static ai.djl.ndarray.NDArray twice(ai.djl.ndarray.NDArray x) {
            return x.mul(2f).add(1f);
        }
    }

    private static Path classFile(Class<?> type) {
        try {
            Path root = Path.of(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
            return root.resolve(type.getName().replace('.', '/') + ".class");
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Parses a class file's constant pool (JVMS §4.4) and returns the method references to {@link #SAVED_BY_AUTOGRAD}
     * overloads whose parameters include a {@code java.lang.Number}.
     */
    static Set<String> unsafeReferences(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNames = new int[count];
        int[][] refs = new int[count][]; // Methodref / InterfaceMethodref: class, nameAndType
        int[][] nameAndTypes = new int[count][];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // takes two slots
                }
                case 7 -> classNames[i] = in.readUnsignedShort();
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 9, 17, 18 -> in.readInt();
                case 10, 11 -> refs[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                case 12 -> nameAndTypes[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        Set<String> found = new TreeSet<>();
        for (int[] ref : refs) {
            if (ref == null) {
                continue;
            }
            String owner = utf8[classNames[ref[0]]];
            String name = utf8[nameAndTypes[ref[1]][0]];
            String descriptor = utf8[nameAndTypes[ref[1]][1]];
            String parameters = descriptor.substring(0, descriptor.indexOf(')') + 1);
            if (OWNERS.contains(owner)
                    && SAVED_BY_AUTOGRAD.contains(name)
                    && parameters.contains("Ljava/lang/Number;")) {
                found.add(owner + "." + name + parameters);
            }
        }
        return found;
    }
}
