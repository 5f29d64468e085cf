package dev.vaekit.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vaekit.InvalidInputException;
import dev.vaekit.latent.LatentCodes;
import dev.vaekit.util.AtomicFiles;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatentFilesTest {
    @TempDir
    Path dir;

    private static final LatentCodes LABELLED =
            new LatentCodes(new float[] {0.1f, -2f, 3.3333333f, 1e-8f, -0f, 12345.678f}, 3, new int[] {7, 2});

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private static String message(Runnable r) {
        try {
            r.run();
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
        throw new AssertionError("no InvalidInputException");
    }

    @Test
    void csvHasAHeaderOneRowPerCodeAndRoundTripsExactly() throws Exception {
        Path f = dir.resolve("codes.csv");

        LatentFiles.write(f, LABELLED);

        List<String> lines = Files.readAllLines(f);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("z0,z1,z2,label");
        assertThat(lines.get(1)).endsWith(",7");
        LatentCodes back = LatentFiles.read(f, 3);
        assertThat(back.values()).containsExactly(LABELLED.values());
        assertThat(back.labels()).containsExactly(7, 2);
        assertThat(dir.resolve("codes.csv.tmp")).doesNotExist();
    }

    @Test
    void npyHoldsTheCodesAndASiblingHoldsTheLabels() throws Exception {
        Path f = dir.resolve("codes.npy");

        LatentFiles.write(f, LABELLED);

        Npy.Array codes = Npy.read(f);
        assertThat(codes.descr()).isEqualTo("<f4");
        assertThat(codes.shape()).containsExactly(2, 3);
        Path labels = dir.resolve("codes.labels.npy");
        assertThat(LatentFiles.labelsFile(f)).isEqualTo(labels);
        assertThat(Npy.read(labels).descr()).isEqualTo("<i4");
        assertThat(Npy.read(labels).shape()).containsExactly(2);
        LatentCodes back = LatentFiles.read(f, 3);
        assertThat(back.values()).containsExactly(LABELLED.values());
        assertThat(back.labels()).containsExactly(7, 2);
    }

    @Test
    void writingWithoutLabelsRemovesAStaleLabelsFile() throws Exception {
        Path f = dir.resolve("codes.npy");
        LatentFiles.write(f, LABELLED);

        LatentFiles.write(f, new LatentCodes(new float[] {1, 2, 3, 4, 5, 6}, 3, null));

        assertThat(dir.resolve("codes.labels.npy")).doesNotExist();
        assertThat(LatentFiles.read(f, 3).hasLabels()).isFalse();
    }

    @Test
    void csvWithoutHeaderOrLabelsAndWithSpacesAndCrlfIsRead() throws Exception {
        Path f = write("plain.csv", "\uFEFF1, 2.5e-1\r\n\r\n-3,.5\r\n");

        LatentCodes codes = LatentFiles.read(f, 0);

        assertThat(codes.latentDim()).isEqualTo(2);
        assertThat(codes.values()).containsExactly(1f, 0.25f, -3f, 0.5f);
        assertThat(codes.hasLabels()).isFalse();
    }

    @Test
    void theLabelColumnMayBeAnywhere() throws Exception {
        Path f = write("l.csv", "label,a,b\n4,1,2\n5,3,4\n");

        LatentCodes codes = LatentFiles.read(f, 2);

        assertThat(codes.values()).containsExactly(1f, 2f, 3f, 4f);
        assertThat(codes.labels()).containsExactly(4, 5);
    }

    @Test
    void aDuplicatedColumnNameIsRefused() throws Exception {
        Path f = write("d.csv", "z0,z1,z0\n1,2,3\n");

        assertThatThrownBy(() -> LatentFiles.read(f, 3))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(f + ":1:3: expected distinct column names, found 'z0' in columns 1 and 3");
    }

    @Test
    void aRowOfTheWrongWidthNamesItsLine() throws Exception {
        StringBuilder csv = new StringBuilder();
        for (int j = 0; j < 20; j++) {
            csv.append(j > 0 ? "," : "").append("z").append(j);
        }
        csv.append('\n')
                .append("0,".repeat(19))
                .append("0\n")
                .append("0,".repeat(18))
                .append("0\n");
        Path f = write("LATENTS.csv", csv.toString());

        assertThat(message(() -> LatentFiles.read(f, 20))).isEqualTo(f + ":3: expected 20 latent values, found 19");
        assertThat(message(() -> LatentFiles.read(f, 19))).isEqualTo(f + ":1: expected 19 latent columns, found 20");
        Path labelled = write("lab.csv", "z0,z1,label\n1,2,3\n1,2\n");
        assertThat(message(() -> LatentFiles.read(labelled, 2)))
                .isEqualTo(labelled + ":3: expected 2 latent values and a label, found 2 values");
    }

    @Test
    void badCellsNameLineColumnAndHeader() throws Exception {
        Path text = write("t.csv", "z0,z1\n1,2\n3,abc\n");
        assertThat(message(() -> LatentFiles.read(text, 2)))
                .isEqualTo(text + ":3:2 ('z1'): expected a finite decimal number, found 'abc'");
        Path nan = write("n.csv", "1,NaN\n");
        assertThat(message(() -> LatentFiles.read(nan, 2)))
                .isEqualTo(nan + ":1:2: expected a finite decimal number, found 'NaN'");
        Path huge = write("h.csv", "z0\n1e39\n");
        assertThat(message(() -> LatentFiles.read(huge, 1))).contains("found '1e39'");
        Path label = write("lb.csv", "z0,label\n1,cat\n");
        assertThat(message(() -> LatentFiles.read(label, 1)))
                .isEqualTo(label + ":2:2 ('label'): expected an integer label, found 'cat'");
    }

    @Test
    void emptyAndHeaderOnlyFilesAndUnknownNamesAreRefused() throws Exception {
        Path empty = write("e.csv", "");
        assertThat(message(() -> LatentFiles.read(empty, 2)))
                .isEqualTo(empty + ": no latent codes (empty file);" + " expected one row per code");
        Path header = write("h.csv", "z0,z1\n");
        assertThat(message(() -> LatentFiles.read(header, 2))).contains("only a header");
        assertThat(message(() -> LatentFiles.read(dir.resolve("none.csv"), 2))).endsWith("none.csv: no such file");
        assertThat(message(() -> LatentFiles.read(dir.resolve("codes.txt"), 2)))
                .endsWith("codes.txt: expected a file name ending in .csv or .npy");
        assertThatThrownBy(() -> LatentFiles.write(dir.resolve("codes.json"), LABELLED))
                .isInstanceOf(InvalidInputException.class);
        assertThat(dir.resolve("codes.json")).doesNotExist();
    }

    @Test
    void npyOfTheWrongTypeOrShapeIsNamed() throws Exception {
        Path ints = dir.resolve("ints.npy");
        AtomicFiles.write(ints, out -> Npy.writeInt32(out, new int[] {1, 2, 3, 4}, 2, 2));
        assertThat(message(() -> LatentFiles.read(ints, 2)))
                .isEqualTo(ints + ": expected float32 or float64 latent codes ('<f4' or '<f8'), found dtype '<i4'");

        Path wide = dir.resolve("wide.npy");
        AtomicFiles.write(wide, out -> Npy.writeFloat32(out, new float[6], 2, 3));
        assertThat(message(() -> LatentFiles.read(wide, 2)))
                .isEqualTo(wide + ": expected an array of shape (n, 2), found shape (2, 3)");

        Path flat = dir.resolve("flat.npy");
        AtomicFiles.write(flat, out -> Npy.writeFloat32(out, new float[2], 2));
        assertThat(message(() -> LatentFiles.read(flat, 2))).endsWith("found shape (2,)");

        Path nan = dir.resolve("nan.npy");
        AtomicFiles.write(nan, out -> Npy.writeFloat32(out, new float[] {0, 1, Float.NaN, 3}, 2, 2));
        assertThat(message(() -> LatentFiles.read(nan, 2)))
                .isEqualTo(nan + ": element [1, 0] is NaN; expected" + " finite numbers");
    }

    @Test
    void float64FromNumpyAndMismatchedLabelsFiles() throws Exception {
        Path f = dir.resolve("f8.npy");
        Files.write(
                f,
                NpyTest.npy(
                        1,
                        "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }",
                        NpyTest.doubles(ByteOrder.LITTLE_ENDIAN, 0.5, -1, 2, 3)));

        assertThat(LatentFiles.read(f, 2).values()).containsExactly(0.5f, -1f, 2f, 3f);

        Path labels = dir.resolve("f8.labels.npy");
        AtomicFiles.write(labels, out -> Npy.writeInt32(out, new int[] {1, 2, 3}, 3));
        assertThat(message(() -> LatentFiles.read(f, 2)))
                .isEqualTo(labels + ": expected labels of shape (2,) to match " + f + ", found shape (3,)");
    }

    @Test
    void manyCodesRoundTripThroughBothFormats() throws Exception {
        int n = 1000;
        float[] values = new float[n * 3];
        int[] labels = new int[n];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(i * 0.37) * (i % 7);
        }
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
        }
        LatentCodes codes = new LatentCodes(values, 3, labels);
        for (String name : new String[] {"many.csv", "many.npy"}) {
            Path f = dir.resolve(name);

            LatentFiles.write(f, codes);
            LatentCodes back = LatentFiles.read(f, 0);

            assertThat(back.latentDim()).as(name).isEqualTo(3);
            assertThat(back.values()).as(name).containsExactly(values);
            assertThat(back.labels()).as(name).containsExactly(labels);
        }
    }

    @Test
    void otherRowsGetTheirOwnColumnNames() throws Exception {
        Path f = dir.resolve("x.csv");

        LatentFiles.writeRows(f, "x", new float[] {0, 0.5f, 1, 0.25f}, 2, null);

        assertThat(Files.readAllLines(f)).containsExactly("x0,x1", "0.0,0.5", "1.0,0.25");
    }
}
