package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vaekit.data.Datasets;
import dev.vaekit.io.LatentFiles;
import dev.vaekit.io.Npy;
import dev.vaekit.latent.LatentCodes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncodeCommandTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path run;

    @BeforeAll
    static void train() {
        run = TinyRuns.train(shared.resolve("run"), 2);
    }

    @Test
    void csvHasTheHeaderOneRowPerExampleAndTheTestLabels() throws Exception {
        Path csv = dir.resolve("z.csv");

        Cli.Result r = Cli.ok("encode", run.toString(), "--n", "100", "-o", csv.toString());

        assertThat(r.out()).contains("encoded 100 examples of mnist-mini/test").contains("posterior means");
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("z0,z1,label");
        assertThat(lines).hasSize(101);
        int[] labels = Datasets.load("mnist-mini", null).testRows().labels();
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            assertThat(cells).hasSize(3);
            assertThat(Double.parseDouble(cells[0])).isFinite().isBetween(-20.0, 20.0);
            assertThat(Double.parseDouble(cells[1])).isFinite().isBetween(-20.0, 20.0);
            assertThat(Integer.parseInt(cells[2])).isEqualTo(labels[i - 1]);
        }
        // the means differ from example to example
        assertThat(lines.stream()
                        .skip(1)
                        .map(l -> l.substring(0, l.lastIndexOf(',')))
                        .distinct())
                .hasSizeGreaterThan(90);
    }

    @Test
    void npyHasAVersionOneHeaderAndRoundTripsToTheCsv() throws Exception {
        Path csv = dir.resolve("z.csv");
        Path npy = dir.resolve("z.npy");
        Cli.ok("encode", run.toString(), "--n", "50", "-o", csv.toString());

        Cli.Result r = Cli.ok("encode", run.toString(), "--n", "50", "-o", npy.toString());

        byte[] b = Files.readAllBytes(npy);
        assertThat(new String(b, 1, 5, StandardCharsets.ISO_8859_1)).isEqualTo("NUMPY");
        assertThat(b[0] & 0xff).isEqualTo(0x93);
        assertThat(b[6]).isEqualTo((byte) 1);
        int headerLength = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        assertThat((10 + headerLength) % 64).isZero();
        assertThat(new String(b, 10, headerLength, StandardCharsets.ISO_8859_1))
                .contains("'descr': '<f4'")
                .contains("'fortran_order': False")
                .contains("'shape': (50, 2)");
        assertThat(b.length).isEqualTo(10 + headerLength + 50 * 2 * 4);
        Path labels = dir.resolve("z.labels.npy");
        assertThat(r.out()).contains(labels.toString());
        Npy.Array l = Npy.read(labels);
        assertThat(l.descr()).isEqualTo("<i4");
        assertThat(l.shape()).containsExactly(50);
        LatentCodes fromNpy = LatentFiles.read(npy, 2);
        LatentCodes fromCsv = LatentFiles.read(csv, 2);
        assertThat(fromNpy.values()).containsExactly(fromCsv.values());
        assertThat(fromNpy.labels()).containsExactly(fromCsv.labels());
    }

    @Test
    void sampleDrawsAroundTheMeansAndTheSeedDecides() throws Exception {
        Path means = dir.resolve("m.csv");
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        Path c = dir.resolve("c.csv");
        Cli.ok("encode", run.toString(), "--n", "200", "-o", means.toString());

        Cli.Result r = Cli.ok("encode", run.toString(), "--n", "200", "--sample", "--seed", "4", "-o", a.toString());
        Cli.ok("encode", run.toString(), "--n", "200", "--sample", "--seed", "4", "-o", b.toString());
        Cli.ok("encode", run.toString(), "--n", "200", "--sample", "--seed", "5", "-o", c.toString());

        assertThat(r.out()).contains("draws of q(z|x) (seed 4)");
        assertThat(Files.readAllLines(b)).isEqualTo(Files.readAllLines(a));
        assertThat(Files.readAllLines(c)).isNotEqualTo(Files.readAllLines(a));
        float[] mu = LatentFiles.read(means, 2).values();
        float[] z = LatentFiles.read(a, 2).values();
        assertThat(z).isNotEqualTo(mu);
        double meanShift = 0;
        for (int k = 0; k < z.length; k++) {
            meanShift += (z[k] - mu[k]) / z.length;
        }
        assertThat(Math.abs(meanShift)).isLessThan(0.3);
    }

    @Test
    void theTrainingSplitCanBeEncoded() throws Exception {
        Path csv = dir.resolve("train.csv");

        Cli.ok("encode", run.toString(), "--split", "train", "--n", "7", "-o", csv.toString());

        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(8);
        int[] labels = Datasets.load("mnist-mini", null).trainRows().labels();
        assertThat(lines.stream()
                        .skip(1)
                        .mapToInt(l -> Integer.parseInt(l.substring(l.lastIndexOf(',') + 1)))
                        .toArray())
                .containsExactly(Arrays.copyOf(labels, 7));
    }

    @Test
    void helpExitsZero() {
        Cli.Result r = Cli.ok("encode", "--help");

        assertThat(r.out()).contains("--sample").contains("--split").contains("FILE.labels.npy");
    }

    @Test
    void badInputEndsWithOneLine() {
        String out = dir.resolve("z.csv").toString();
        assertThat(Cli.assertBadInput(Cli.run(
                        "encode", run.toString(), "-o", dir.resolve("z.txt").toString())))
                .contains("z.txt: expected a file name ending in .csv or .npy");
        assertThat(Cli.assertBadInput(Cli.run("encode", run.toString(), "--split", "dev", "-o", out)))
                .contains("--split must be test or train");
        assertThat(Cli.assertBadInput(Cli.run("encode", run.toString(), "--n", "-1", "-o", out)))
                .contains("--n must be >= 0");
        assertThat(Cli.assertBadInput(Cli.run("encode", dir.resolve("nowhere").toString(), "-o", out)))
                .contains("no such run folder");
        assertThat(Cli.assertBadInput(Cli.run("encode", run.toString()))).contains("-o");
        assertThat(dir.resolve("z.csv")).doesNotExist();
    }
}
