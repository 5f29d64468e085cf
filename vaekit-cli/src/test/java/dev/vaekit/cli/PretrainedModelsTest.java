package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vaekit.data.Binarization;
import dev.vaekit.data.Dataset;
import dev.vaekit.data.Datasets;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pretrained models under {@code models/} (models/README.md) load in the commands and score what they scored when
 * they were packed. The numbers: {@code vaekit score models/NAME --dataset mnist-mini --n 100} (the first 100 MNIST
 * test images, which are mnist-mini's first test images; one uniform dequantization draw per image, seed 1), the mean
 * of the CSV's log_px and bits_per_dim, measured on 2026-12-07 on the 2-core AMD EPYC development VM with 1 and with 2
 * threads (identical files). The computation is deterministic on one kind of machine; another CPU's kernels may round
 * differently, which the tolerance (0.05 nats of a mean near 623, 8e-5 of it) allows, while a changed weight file,
 * data transform or base distribution moves the mean by nats.
 */
class PretrainedModelsTest {
    private static final Path MODELS = Path.of("..", "models");

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"glow-mnist, -623.2771, 1.146937", "realnvp-mnist, -623.9121, 1.148106"})
    void scoresTheFirstHundredTestImagesAsWhenPacked(String name, double meanLogPx, double meanBitsPerDim)
            throws IOException {
        Path csv = dir.resolve(name + ".csv");
        Cli.ok("score", MODELS.resolve(name).toString(), "--dataset", "mnist-mini", "--n", "100", "-o", csv.toString());

        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("index,label,log_px,bits_per_dim");
        assertThat(lines).hasSize(101);
        double logPx = column(lines, 2);
        double bits = column(lines, 3);
        assertThat(logPx).isCloseTo(meanLogPx, within(0.05));
        assertThat(bits).isCloseTo(meanBitsPerDim, within(1e-4));
        // bits/dim of 8-bit data: −log p / (784 ln 2)
        assertThat(bits).isCloseTo(-logPx / (784 * Math.log(2)), within(1e-4));
    }

    /**
     * The dense VAE (a 784-400-20 encoder and a 20-400-784 Bernoulli decoder, ReLU) checked against a computation of
     * its own: this test reads {@code weights.safetensors} itself and runs the two networks in double precision on the
     * first 100 test images, binarised as the commands binarise them (with the run's seed). vaekit's posterior means
     * ({@code encode}), the pixel means it decodes from them ({@code decode}) and each image's KL(q(z|x) ‖ N(0, I))
     * ({@code score}, analytic) must agree with that to float32 rounding; the importance-sampled log p(x) (k = 10,
     * seed 1; random, so not recomputed here) must match the mean measured when the model was packed, within 0.05
     * nats as the flows' means above.
     */
    @Test
    void theDenseVaeComputesWhatItsWeightsComputeAndScoresAsWhenPacked() throws IOException {
        Path model = MODELS.resolve("dense-vae-mnist");
        Map<String, float[]> w = safetensors(model.resolve("weights.safetensors"));
        assertThat(w.keySet())
                .containsExactlyInAnyOrder(
                        "encoder.layers.0.weight",
                        "encoder.layers.0.bias",
                        "encoder.out.weight",
                        "encoder.out.bias",
                        "decoder.layers.0.weight",
                        "decoder.layers.0.bias",
                        "decoder.out.weight",
                        "decoder.out.bias");
        long binarizationSeed = JsonMapper.builder()
                .build()
                .readTree(Files.readString(model.resolve("config.json")))
                .get("data")
                .get("binarizationSeed")
                .asLong();
        Dataset images = Binarization.sample(
                Datasets.load("mnist-mini", null)
                        .test()
                        .materialize("the test", Integer.MAX_VALUE)
                        .slice(0, 100),
                binarizationSeed);

        Path codes = dir.resolve("codes.csv");
        Path decoded = dir.resolve("decoded.csv");
        Cli.ok("encode", model.toString(), "--dataset", "mnist-mini", "--n", "100", "-o", codes.toString());
        Cli.ok("decode", model.toString(), "-i", codes.toString(), "--rows", decoded.toString());
        List<String> scoreLines = scoreWithTenSamples(model);
        double[][] mu = csvRows(codes, 20);
        double[][] means = csvRows(decoded, 784);
        assertThat(mu).hasNumberOfRows(100);
        assertThat(means).hasNumberOfRows(100);

        double worstMu = 0;
        double worstMean = 0;
        double worstKl = 0;
        for (int i = 0; i < 100; i++) {
            double[] x = new double[784];
            for (int j = 0; j < 784; j++) {
                x[j] = images.features()[i * 784 + j];
            }
            double[] h = relu(dense(w, "encoder.layers.0", x, 784, 400));
            double[] out = dense(w, "encoder.out", h, 400, 40);
            double kl = 0;
            for (int j = 0; j < 20; j++) {
                worstMu = Math.max(worstMu, Math.abs(out[j] - mu[i][j]));
                // KL(N(μ, σ²) ‖ N(0, 1)) = ½ (σ² + μ² − 1 − log σ²) per coordinate (Kingma & Welling 2014, appendix B)
                kl += 0.5 * (Math.exp(out[20 + j]) + out[j] * out[j] - 1 - out[20 + j]);
            }
            String[] row = scoreLines.get(i + 1).split(",");
            worstKl = Math.max(worstKl, Math.abs(kl - Double.parseDouble(row[5])));
            // the decoder on vaekit's codes, so that its check does not inherit the encoder's rounding
            double[] logits = dense(w, "decoder.out", relu(dense(w, "decoder.layers.0", mu[i], 20, 400)), 400, 784);
            for (int j = 0; j < 784; j++) {
                worstMean = Math.max(worstMean, Math.abs(1 / (1 + Math.exp(-logits[j])) - means[i][j]));
            }
        }
        assertThat(worstMu).as("largest difference of μ").isLessThan(1e-4);
        assertThat(worstMean).as("largest difference of a pixel's mean").isLessThan(1e-5);
        assertThat(worstKl).as("largest difference of an image's KL, nats").isLessThan(1e-3);
        assertThat(column(scoreLines, 2)).as("mean log p(x), k = 10").isCloseTo(DENSE_VAE_LOG_PX, within(0.05));
    }

    /**
     * The conv VAE with two IAF steps: the means of the importance-sampled log p(x) and of the ELBO (k = 10, seed 1)
     * over the first 100 test images, as measured when it was packed: {@code vaekit score models/iaf-vae-mnist
     * --dataset mnist-mini --n 100 --k 10} (2026-12-07, the 2-core AMD EPYC development VM). Its ELBO's KL term is a
     * Monte-Carlo estimate through the two flow steps, so both numbers move by nats if a weight, the flow or the seeding
     * changes.
     */
    @Test
    void theIafVaeScoresAsWhenPacked() throws IOException {
        List<String> lines = scoreWithTenSamples(MODELS.resolve("iaf-vae-mnist"));

        assertThat(column(lines, 2)).as("mean log p(x), k = 10").isCloseTo(-83.7785, within(0.05));
        assertThat(column(lines, 3)).as("mean ELBO").isCloseTo(-85.8976, within(0.05));
    }

    /**
     * The NVAE-style hierarchical VAE: the means of the importance-sampled log p(x) over all its latent groups and of
     * the ELBO (k = 10, seed 1) over the first 100 test images, as measured when it was packed: {@code vaekit score
     * models/nvae-mnist --dataset mnist-mini --n 100 --k 10} (2026-12-08, the 2-core AMD EPYC development VM).
     */
    @Test
    void theNvaeScoresAsWhenPacked() throws IOException {
        List<String> lines = scoreWithTenSamples(MODELS.resolve("nvae-mnist"));

        assertThat(column(lines, 2)).as("mean log p(x), k = 10").isCloseTo(-79.9338, within(0.05));
        assertThat(column(lines, 3)).as("mean ELBO").isCloseTo(-82.1808, within(0.05));
    }

    @Test
    void aModelFolderSamplesAndHoldsNoOptimiserState() throws IOException {
        Path png = dir.resolve("samples.png");
        Cli.ok(
                "sample",
                MODELS.resolve("glow-mnist").toString(),
                "--n",
                "16",
                "--temperature",
                "0.7",
                "-o",
                png.toString());
        assertThat(ImageIO.read(png.toFile())).isNotNull();

        List<String> files = List.of("config.json", "manifest.json", "trainer-state.json", "weights.safetensors");
        try (Stream<Path> folders = Files.list(MODELS)) {
            for (Path model : folders.filter(Files::isDirectory).toList()) {
                try (Stream<Path> listing = Files.list(model)) {
                    List<String> names = listing.map(p -> p.getFileName().toString())
                            .sorted()
                            .toList();
                    assertThat(names).as(model.toString()).containsAll(files);
                    assertThat(names)
                            .as(model + ": no optimiser state, no other weights")
                            .filteredOn(n -> n.endsWith(".safetensors"))
                            .containsExactly("weights.safetensors");
                }
                long bytes = 0;
                for (String name : files) {
                    bytes += Files.size(model.resolve(name));
                }
                assertThat(bytes).as(model + " in bytes").isLessThanOrEqualTo(5L << 20);
            }
        }
    }

    /** @return the lines of {@code score MODEL --dataset mnist-mini --n 100 --k 10}'s CSV, its header checked */
    private List<String> scoreWithTenSamples(Path model) throws IOException {
        Path scores = dir.resolve(model.getFileName() + "-scores.csv");
        Cli.ok(
                "score",
                model.toString(),
                "--dataset",
                "mnist-mini",
                "--n",
                "100",
                "--k",
                "10",
                "-o",
                scores.toString());
        List<String> lines = Files.readAllLines(scores);
        assertThat(lines.get(0)).isEqualTo("index,label,log_px,elbo,reconstruction_log_prob,kl");
        assertThat(lines).hasSize(101);
        return lines;
    }

    private static double column(List<String> lines, int index) {
        return lines.stream()
                .skip(1)
                .mapToDouble(l -> Double.parseDouble(l.split(",")[index]))
                .average()
                .orElseThrow();
    }

    /**
     * The mean log p(x) (k = 10, seed 1) of the first 100 test images under dense-vae-mnist, nats: {@code vaekit score
     * models/dense-vae-mnist --dataset mnist-mini --n 100 --k 10}, measured when it was packed (2026-12-07, the 2-core
     * AMD EPYC development VM, 1 and 2 threads giving identical files).
     */
    private static final double DENSE_VAE_LOG_PX = -98.3369;

    /** @return y = W x + b of the layer {@code prefix}, W of shape (out, in) as torch.nn.Linear stores it */
    private static double[] dense(Map<String, float[]> w, String prefix, double[] x, int in, int out) {
        float[] weight = w.get(prefix + ".weight");
        float[] bias = w.get(prefix + ".bias");
        assertThat(weight).as(prefix + ".weight").hasSize(in * out);
        assertThat(bias).as(prefix + ".bias").hasSize(out);
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double sum = bias[o];
            for (int i = 0; i < in; i++) {
                sum += weight[o * in + i] * x[i];
            }
            y[o] = sum;
        }
        return y;
    }

    private static double[] relu(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.max(0, x[i]);
        }
        return y;
    }

    /** @return the first {@code columns} values of each row of a CSV file with a header */
    private static double[][] csvRows(Path csv, int columns) throws IOException {
        return Files.readAllLines(csv).stream()
                .skip(1)
                .map(l -> {
                    String[] cells = l.split(",");
                    double[] v = new double[columns];
                    for (int j = 0; j < columns; j++) {
                        v[j] = Double.parseDouble(cells[j]);
                    }
                    return v;
                })
                .toArray(double[][]::new);
    }

    /**
     * Reads a safetensors file of float32 tensors: an 8-byte little-endian header length, a JSON header naming each
     * tensor's dtype, shape and byte range, then the little-endian data.
     */
    private static Map<String, float[]> safetensors(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = Math.toIntExact(bytes.getLong(0));
        JsonNode header = JsonMapper.builder()
                .build()
                .readTree(new String(bytes.array(), 8, headerLength, StandardCharsets.UTF_8));
        Map<String, float[]> tensors = new TreeMap<>();
        for (String name : header.propertyNames()) {
            if (name.equals("__metadata__")) {
                continue;
            }
            JsonNode t = header.get(name);
            assertThat(t.get("dtype").asString()).as(name).isEqualTo("F32");
            int begin = 8 + headerLength + t.get("data_offsets").get(0).asInt();
            int end = 8 + headerLength + t.get("data_offsets").get(1).asInt();
            float[] values = new float[(end - begin) / Float.BYTES];
            for (int i = 0; i < values.length; i++) {
                values[i] = bytes.getFloat(begin + i * Float.BYTES);
            }
            tensors.put(name, values);
        }
        return tensors;
    }
}
