package dev.vaekit.cli;

import static dev.vaekit.cli.TinyRuns.CELL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vaekit.io.LatentFiles;
import dev.vaekit.io.Npy;
import dev.vaekit.latent.LatentCodes;
import dev.vaekit.util.AtomicFiles;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecodeCommandTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path run;
    private static Path codes;

    @BeforeAll
    static void train() {
        run = TinyRuns.train(shared.resolve("run"), 2);
        codes = shared.resolve("codes.csv");
        Cli.ok("encode", run.toString(), "--n", "12", "-o", codes.toString());
    }

    @Test
    void aGridOfTheDecodedMeans() {
        Path png = dir.resolve("d.png");

        Cli.Result r = Cli.ok("decode", run.toString(), "-i", codes.toString(), "-o", png.toString(), "--columns", "5");

        assertThat(r.out()).contains("wrote " + png).contains("decoded 12 codes");
        BufferedImage img = TinyRuns.png(png);
        // 12 images in rows of 5: 3 rows
        assertThat(img.getWidth()).isEqualTo(5 * CELL + 2);
        assertThat(img.getHeight()).isEqualTo(3 * CELL + 2);
        int[] first = TinyRuns.cell(img, 0, 0, CELL, 2);
        assertThat(TinyRuns.hasGrey(first))
                .as("decoded means are grey, not binary")
                .isTrue();
        assertThat(TinyRuns.cell(img, 1, 0, CELL, 2)).isNotEqualTo(first);
    }

    @Test
    void rowsAreTheDecodedValuesWithTheLabelsCarriedOver() throws Exception {
        Path rows = dir.resolve("rows.csv");
        Path png = dir.resolve("x.png");

        Cli.ok("decode", run.toString(), "-i", codes.toString(), "--rows", rows.toString(), "-o", png.toString());

        List<String> lines = Files.readAllLines(rows);
        assertThat(lines).hasSize(13);
        assertThat(lines.get(0)).startsWith("x0,x1,x2,").endsWith(",x783,label");
        LatentCodes decoded = LatentFiles.read(rows, 784);
        for (float v : decoded.values()) {
            assertThat(v).isBetween(0f, 1f);
        }
        assertThat(decoded.labels()).containsExactly(LatentFiles.read(codes, 2).labels());
        // the PNG shows the same values, rounded to bytes (image 3 in row 0)
        BufferedImage img = TinyRuns.png(png);
        int[] cell = TinyRuns.cell(img, 3, 0, CELL, 2);
        for (int k = 0; k < 784; k++) {
            assertThat(cell[k]).isEqualTo(Math.round(decoded.values()[3 * 784 + k] * 255));
        }
    }

    @Test
    void onlyRowsWhenOnlyRowsAreAskedForAndTheDefaultPngOtherwise() throws Exception {
        Path copy = Cli.copy(run, dir.resolve("run"));
        Path rows = dir.resolve("rows.npy");

        Cli.ok("decode", copy.toString(), "-i", codes.toString(), "--rows", rows.toString());

        assertThat(copy.resolve("decoded.png")).doesNotExist();
        assertThat(Npy.read(rows).shape()).containsExactly(12, 784);
        Cli.ok("decode", copy.toString(), "-i", codes.toString());
        assertThat(TinyRuns.png(copy.resolve("decoded.png")).getWidth()).isEqualTo(8 * CELL + 2);
    }

    @Test
    void npyCodesDecodeLikeTheSameCodesInCsv() throws Exception {
        LatentCodes z = LatentFiles.read(codes, 2);
        // float64, as numpy.save writes np.random.randn(...) by default
        ByteBuffer data = ByteBuffer.allocate(z.values().length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : z.values()) {
            data.putDouble(v);
        }
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (12, 2), }";
        int pad = 64 - (10 + dict.length() + 1) % 64;
        byte[] header = (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        Path npy = dir.resolve("z64.npy");
        ByteBuffer file =
                ByteBuffer.allocate(10 + header.length + data.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        file.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0})
                .putShort((short) header.length)
                .put(header)
                .put(data.array());
        Files.write(npy, file.array());
        Path fromCsv = dir.resolve("a.csv");
        Path fromNpy = dir.resolve("b.csv");

        Cli.ok("decode", run.toString(), "-i", codes.toString(), "--rows", fromCsv.toString());
        Cli.ok("decode", run.toString(), "-i", npy.toString(), "--rows", fromNpy.toString());

        List<String> a = Files.readAllLines(fromCsv);
        List<String> b = Files.readAllLines(fromNpy);
        // same values; the NPY had no labels file, so no label column
        assertThat(b.get(0)).doesNotContain("label");
        for (int i = 1; i < a.size(); i++) {
            assertThat(a.get(i)).startsWith(b.get(i) + ",");
        }
    }

    @Test
    void helpExitsZero() {
        assertThat(Cli.ok("decode", "--help").out()).contains("--rows").contains("LATENTS");
    }

    @Test
    void badLatentFilesEndWithOneLineNamingTheProblem() throws Exception {
        Path narrow = dir.resolve("LATENTS.csv");
        Files.writeString(narrow, "z0,z1\n0.1,0.2\n0.3\n");
        assertThat(Cli.assertBadInput(Cli.run("decode", run.toString(), "-i", narrow.toString())))
                .endsWith(narrow + ":3: expected 2 latent values, found 1");

        Path text = dir.resolve("text.csv");
        Files.writeString(text, "z0,z1\n0.1,0.2\n0.3,abc\n");
        assertThat(Cli.assertBadInput(Cli.run("decode", run.toString(), "-i", text.toString())))
                .endsWith(text + ":3:2 ('z1'): expected a finite decimal number, found 'abc'");

        Path ints = dir.resolve("ints.npy");
        AtomicFiles.write(ints, out -> Npy.writeInt32(out, new int[] {1, 2}, 1, 2));
        assertThat(Cli.assertBadInput(Cli.run("decode", run.toString(), "-i", ints.toString())))
                .contains(ints.toString())
                .contains("found dtype '<i4'");

        Path wide = dir.resolve("wide.npy");
        AtomicFiles.write(wide, out -> Npy.writeFloat32(out, new float[6], 2, 3));
        assertThat(Cli.assertBadInput(Cli.run("decode", run.toString(), "-i", wide.toString())))
                .endsWith(wide + ": expected an array of shape (n, 2), found shape (2, 3)");

        assertThat(Cli.assertBadInput(Cli.run(
                        "decode", run.toString(), "-i", dir.resolve("no.csv").toString())))
                .endsWith("no.csv: no such file");
        assertThat(Cli.assertBadInput(Cli.run("decode", run.toString(), "-i", codes.toString(), "--columns", "0")))
                .contains("--columns");
        assertThat(Cli.assertBadInput(Cli.run(
                        "decode",
                        run.toString(),
                        "-i",
                        codes.toString(),
                        "--rows",
                        dir.resolve("r.txt").toString())))
                .contains("r.txt: expected a file name ending in .csv or .npy");
        assertThat(dir.resolve("decoded.png")).doesNotExist();
    }
}
