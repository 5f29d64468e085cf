package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vaekit.data.Datasets;
import dev.vaekit.io.Npy;
import dev.vaekit.train.Configs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code vaekit compress} and {@code decompress} on tiny runs of every supported kind (a Bernoulli VAE on binarized
 * mnist-mini, 8-bit discretized-logistic and categorical-256 VAEs, a PixelVAE): exact round trips through every
 * output format, a single image, determinism, and the refusals (another run, damage, truncation, a model or input it
 * cannot code), each one line with exit code 2 and no output written.
 */
class CompressCommandTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path binary;
    private static Path logistic;
    private static Path categorical;

    @BeforeAll
    static void train() {
        binary = TinyRuns.train(shared.resolve("binary"), 4);
        logistic = eightBit("logistic", "discretized-logistic", "--mixture-components", "2");
        categorical = eightBit("categorical", "categorical-256");
    }

    private static Path eightBit(String name, String likelihood, String... more) {
        Path run = shared.resolve(name);
        List<String> args = new ArrayList<>(List.of(
                "train",
                "--dataset",
                "mnist-mini",
                "--binarize",
                "none",
                "--likelihood",
                likelihood,
                "--hidden",
                "16",
                "--latent-dim",
                "3",
                "--epochs",
                "1",
                "--quiet",
                "--out",
                run.toString()));
        args.addAll(List.of(more));
        Cli.ok(args.toArray(String[]::new));
        return run;
    }

    private Path compress(Path run, String in, String name, String... more) {
        Path file = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("compress", run.toString(), "-i", in, "-o", file.toString()));
        args.addAll(List.of(more));
        Cli.ok(args.toArray(String[]::new));
        return file;
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void binaryTestImagesComeBackExactlyThroughEveryFormat() {
        Path file = compress(binary, "test", "t.vbb", "--n", "9");
        for (String name : List.of("x.npy", "x.idx", "x-ubyte", "pngs")) {
            Path out = dir.resolve(name);
            Cli.ok("decompress", binary.toString(), "-i", file.toString(), "-o", out.toString());

            // the decoded images, compressed again, give the very same file: they are the images that were coded
            Path again = compress(binary, out.toString(), name + ".vbb");
            assertThat(bytes(again)).as(name).isEqualTo(bytes(file));
        }
        int[] values = Npy.read(dir.resolve("x.npy")).toInts();
        assertThat(values).hasSize(9 * 784).containsOnly(0, 1);
    }

    @Test
    void eightBitTestImagesComeBackExactly() {
        float[] test = Datasets.load("mnist-mini", null).testRows().features();
        for (Path run : List.of(logistic, categorical)) {
            Path file = compress(run, "test", run.getFileName() + ".vbb", "--n", "5");
            Path out = dir.resolve(run.getFileName() + ".npy");

            Cli.ok("decompress", run.toString(), "-i", file.toString(), "-o", out.toString());

            Npy.Array array = Npy.read(out);
            assertThat(array.shape()).containsExactly(5, 28, 28);
            assertThat(array.descr()).isEqualTo("|u1");
            int[] values = array.toInts();
            for (int i = 0; i < values.length; i++) {
                assertThat(values[i]).as("%s value %d", run, i).isEqualTo(Math.round(test[i] * 255));
            }
        }
    }

    @Test
    void aSingleImageRoundTripsThroughAPng() {
        Path one = dir.resolve("one.png");
        Cli.ok(
                "decompress",
                logistic.toString(),
                "-i",
                compress(logistic, "train", "one.vbb", "--n", "1").toString(),
                "-o",
                one.toString());
        Path file = compress(logistic, one.toString(), "again.vbb");
        Path back = dir.resolve("back.png");

        Cli.Result r = Cli.ok("decompress", logistic.toString(), "-i", file.toString(), "-o", back.toString());

        assertThat(r.out()).contains("decompressed 1 images of [1, 28, 28]").contains("(one PNG)");
        assertThat(TinyRuns.png(back).getRaster().getPixels(0, 0, 28, 28, (int[]) null))
                .containsExactly(TinyRuns.png(one).getRaster().getPixels(0, 0, 28, 28, (int[]) null));
        assertThat(bytes(file)).isEqualTo(bytes(dir.resolve("one.vbb")));
    }

    @Test
    void theSameInputGivesTheSameFileAndTheReportAddsUp() {
        Path a = compress(categorical, "test", "a.vbb", "--n", "3");
        Cli.Result r = Cli.ok(
                "compress",
                categorical.toString(),
                "-i",
                "test",
                "--n",
                "3",
                "-o",
                dir.resolve("b.vbb").toString(),
                "--json");
        JsonNode o = Configs.json().readTree(r.out());

        assertThat(bytes(dir.resolve("b.vbb"))).isEqualTo(bytes(a));
        assertThat(o.get("images").asInt()).isEqualTo(3);
        assertThat(o.get("bytes").asLong()).isEqualTo(bytes(a).length);
        assertThat(o.get("bitsPerDim").asDouble()).isEqualTo(8.0 * bytes(a).length / (3 * 784));
        assertThat(o.get("modelHash").asText()).hasSize(64);
        assertThat(o.get("netBitsPerDim").asDouble())
                .isPositive()
                .isLessThan(o.get("bitsPerDim").asDouble());
    }

    @Test
    void anotherLatentBitsAndSeedAreStoredInTheFile() {
        Path file = compress(binary, "test", "b8.vbb", "--n", "2", "--latent-bits", "8", "--seed", "77");
        Path out = dir.resolve("b8.npy");

        Cli.ok("decompress", binary.toString(), "-i", file.toString(), "-o", out.toString());

        assertThat(bytes(file)).isNotEqualTo(bytes(compress(binary, "test", "b10.vbb", "--n", "2")));
        assertThat(bytes(compress(binary, out.toString(), "b8-again.vbb", "--latent-bits", "8", "--seed", "77")))
                .isEqualTo(bytes(file));
    }

    @Test
    void aFileIsRefusedByAnotherRunAndWhenDamagedOrTruncated() throws IOException {
        Path file = compress(logistic, "test", "l.vbb", "--n", "2");
        Path out = dir.resolve("out.npy");

        String other = Cli.assertBadInput(
                Cli.run("decompress", categorical.toString(), "-i", file.toString(), "-o", out.toString()));
        Path damaged = Files.copy(file, dir.resolve("damaged.vbb"));
        Cli.flipByte(damaged);
        String flipped = Cli.assertBadInput(
                Cli.run("decompress", logistic.toString(), "-i", damaged.toString(), "-o", out.toString()));
        Path cut = dir.resolve("cut.vbb");
        byte[] all = bytes(file);
        Files.write(cut, Arrays.copyOf(all, all.length - 3));
        String truncated = Cli.assertBadInput(
                Cli.run("decompress", logistic.toString(), "-i", cut.toString(), "-o", out.toString()));

        assertThat(other).contains("l.vbb: compressed with another model (config hash");
        assertThat(flipped).contains("damaged.vbb: damaged or truncated: its CRC-32C is");
        assertThat(truncated).contains("cut.vbb: damaged or truncated");
        assertThat(out).doesNotExist();
    }

    @Test
    void whatCannotBeCodedIsRefusedInOneLine() throws IOException {
        Path ae = TinyRuns.trainAutoencoder(dir.resolve("ae"), 2, 1);
        Path out = dir.resolve("x.vbb");
        Path text = Files.writeString(dir.resolve("x.txt"), "not images");
        Path file = compress(binary, "test", "b.vbb", "--n", "1");
        Path full = Files.createDirectories(dir.resolve("full"));
        Files.writeString(full.resolve("keep.txt"), "mine");

        assertThat(Cli.assertBadInput(Cli.run("compress", ae.toString(), "-i", "test", "-o", out.toString())))
                .contains("bits-back coding needs a VAE; a plain autoencoder (dense-ae) has no prior p(z)");
        assertThat(Cli.assertBadInput(Cli.run("compress", binary.toString(), "-i", text.toString(), "-o", "" + out)))
                .contains("x.txt: not a folder of PNG files, a PNG, an IDX or an NPY file");
        assertThat(Cli.assertBadInput(Cli.run(
                        "compress",
                        logistic.toString(),
                        "-i",
                        "test",
                        "--n",
                        "1",
                        "--latent-bits",
                        "0",
                        "-o",
                        "" + out)))
                .contains("--latent-bits: latentBits must be in [1,");
        assertThat(Cli.assertBadInput(
                        Cli.run("decompress", binary.toString(), "-i", file.toString(), "-o", full.toString())))
                .contains("full: exists and is not empty");
        assertThat(Cli.assertBadInput(Cli.run(
                        "decompress",
                        binary.toString(),
                        "-i",
                        dir.resolve("none.vbb").toString(),
                        "-o",
                        "x.npy")))
                .contains("none.vbb: no such file");
        assertThat(out).doesNotExist();
        assertThat(full.resolve("keep.txt")).hasContent("mine");
    }

    @Test
    void aPixelVaeCodesASingleImage() {
        Path run = TinyRuns.trainPixelVae(dir.resolve("pixel"));
        Path file = compress(run, "test", "p.vbb", "--n", "1");
        Path out = dir.resolve("p.idx");

        Cli.ok("decompress", run.toString(), "-i", file.toString(), "-o", out.toString());

        assertThat(bytes(compress(run, out.toString(), "p-again.vbb"))).isEqualTo(bytes(file));
    }
}
