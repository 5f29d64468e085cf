package dev.vaekit.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.ColumnKind;
import dev.vaekit.data.TableSchema;
import dev.vaekit.distributions.DiagonalGaussian;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.AutoencoderConfig;
import dev.vaekit.models.GaussianVariance;
import dev.vaekit.models.LikelihoodConfig;
import dev.vaekit.models.LikelihoodKind;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.models.PlainAutoencoder;
import dev.vaekit.models.Vae;
import dev.vaekit.models.VaeConfig;
import dev.vaekit.nn.ActivationKind;
import dev.vaekit.train.Configs;
import dev.vaekit.util.Versions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The exported ONNX graphs, run in onnxruntime, compute what vaekit computes. */
class OnnxExportTest {
    private static final int LATENT_DIM = 3;

    @TempDir
    Path dir;

    private NDManager manager;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
        Engines.seed(7);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** A 12-16-8-3 encoder and 3-8-16-12 decoder: two hidden layers, so activations follow Gemms in sequence. */
    private static ModelConfig config(ActivationKind activation, LikelihoodKind likelihood, GaussianVariance variance) {
        return ModelConfig.builder("dense-vae")
                .inputShape(1, 3, 4)
                .latentDim(LATENT_DIM)
                .hidden(16, 8)
                .activation(activation)
                .family(VaeConfig.builder()
                        .likelihood(Fixtures.likelihood(likelihood, variance, 0.3))
                        .build())
                .build();
    }

    /**
     * A model whose hidden layers' weights are scaled up threefold from their initialisation, so pre-activations reach
     * well into every nonlinearity's curved and saturated regions rather than staying near 0. The output layers keep
     * theirs, so outputs stay below about 15, where float32 values are 1e-6 apart: a tenth of the tolerance.
     */
    private Vae model(ModelConfig config) {
        Vae model = new Vae(config, manager);
        for (Map.Entry<String, NDArray> e : model.parameters().asMap().entrySet()) {
            if (e.getKey().contains(".layers.") && e.getKey().endsWith(".weight")) {
                NDArray p = e.getValue();
                p.set(p.mul(3f).toFloatArray());
            }
        }
        return model;
    }

    static Stream<Arguments> everyActivationAndLikelihood() {
        List<Arguments> all = new ArrayList<>();
        for (ActivationKind activation : ActivationKind.values()) {
            all.add(Arguments.of(activation, LikelihoodKind.BERNOULLI, GaussianVariance.FIXED));
            for (GaussianVariance variance : GaussianVariance.values()) {
                all.add(Arguments.of(activation, LikelihoodKind.GAUSSIAN, variance));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, {1}, {2}")
    @MethodSource("everyActivationAndLikelihood")
    void theGraphsMatchVaekitInOnnxruntime(
            ActivationKind activation, LikelihoodKind likelihood, GaussianVariance variance) throws Exception {
        Vae model = model(config(activation, likelihood, variance));
        int d = model.config().inputDim();

        List<OnnxExport.Exported> files = OnnxExport.write(model, dir);

        assertThat(files)
                .extracting(OnnxExport.Exported::file)
                .containsExactly(dir.resolve("encoder.onnx"), dir.resolve("decoder.onnx"));
        try (OrtSession encoder = OnnxRuns.session(dir.resolve("encoder.onnx"));
                OrtSession decoder = OnnxRuns.session(dir.resolve("decoder.onnx"))) {
            // two batch sizes through the same session: the batch dimension is symbolic
            for (int n : new int[] {1, 9}) {
                float[] x = Fixtures.uniform(n, n * d, -3, 3);
                DiagonalGaussian q = model.encode(Fixtures.array(manager, x, n, d));
                Map<String, float[]> encoded = OnnxRuns.run(encoder, "x", x, n, d);
                assertMatches(encoded.get("mu"), q.mean(), "mu");
                assertMatches(encoded.get("logvar"), q.logVar(), "logvar");

                float[] z = Fixtures.normal(100 + n, n * LATENT_DIM);
                for (int i = 0; i < z.length; i++) {
                    z[i] *= 3; // well beyond the prior's bulk as well
                }
                NDArray output = model.decode(Fixtures.array(manager, z, n, LATENT_DIM));
                Map<String, float[]> decoded = OnnxRuns.run(decoder, "z", z, n, LATENT_DIM);
                assertMatches(decoded.get("mean"), model.observation().mean(output), "mean");
                if (likelihood == LikelihoodKind.BERNOULLI) {
                    assertThat(decoded).containsOnlyKeys("mean", "logits");
                    assertMatches(decoded.get("logits"), output, "logits");
                } else {
                    assertThat(decoded).containsOnlyKeys("mean");
                }
            }
        }
    }

    private static void assertMatches(float[] onnx, NDArray vaekit, String what) {
        float[] expected = vaekit.toFloatArray();
        // the values are not all near 0, so the tolerance is a real test
        assertThat(maxAbs(expected)).as("largest |%s|", what).isGreaterThan(0.1);
        OnnxRuns.assertClose(onnx, vaekit, what);
    }

    private static double maxAbs(float[] v) {
        double m = 0;
        for (float f : v) {
            m = Math.max(m, Math.abs(f));
        }
        return m;
    }

    @Test
    void inputsAndOutputsAreNamedAndTheBatchDimensionIsSymbolic() throws Exception {
        Vae model = model(config(ActivationKind.RELU, LikelihoodKind.BERNOULLI, GaussianVariance.FIXED));

        List<OnnxExport.Exported> files = OnnxExport.write(model, dir);

        assertThat(files)
                .extracting(OnnxExport.Exported::signature)
                .containsExactly(
                        "x[batch,12] -> mu[batch,3], logvar[batch,3]",
                        "z[batch,3] -> mean[batch,12], logits[batch,12]");
        try (OrtSession encoder = OnnxRuns.session(dir.resolve("encoder.onnx"))) {
            assertThat(encoder.getInputNames()).containsExactly("x");
            assertThat(encoder.getOutputNames()).containsExactly("mu", "logvar");
            assertThat(shape(encoder.getInputInfo().get("x"))).containsExactly(-1L, 12L);
            assertThat(shape(encoder.getOutputInfo().get("mu"))).containsExactly(-1L, 3L);
        }
        try (OrtSession decoder = OnnxRuns.session(dir.resolve("decoder.onnx"))) {
            assertThat(decoder.getInputNames()).containsExactly("z");
            assertThat(decoder.getOutputNames()).containsExactly("mean", "logits");
            assertThat(shape(decoder.getInputInfo().get("z"))).containsExactly(-1L, 3L);
        }
    }

    @Test
    void aPlainAutoencodersEncoderGivesItsCode() throws Exception {
        ModelConfig config = ModelConfig.builder("dense-ae")
                .inputShape(1, 3, 4)
                .latentDim(LATENT_DIM)
                .hidden(16, 8)
                .activation(ActivationKind.TANH)
                .family(AutoencoderConfig.builder()
                        .likelihood(Fixtures.likelihood(LikelihoodKind.BERNOULLI, GaussianVariance.FIXED, 0.3))
                        .build())
                .build();
        try (PlainAutoencoder model = new PlainAutoencoder(config, manager)) {
            List<OnnxExport.Exported> files = OnnxExport.write(model, dir);

            assertThat(files.get(0).signature()).isEqualTo("x[batch,12] -> z[batch,3]");
            float[] x = Fixtures.uniform(4, 5 * 12, -3, 3);
            try (OrtSession encoder = OnnxRuns.session(dir.resolve("encoder.onnx"))) {
                Map<String, float[]> encoded = OnnxRuns.run(encoder, "x", x, 5, 12);
                float[] expected = model.code(Fixtures.array(manager, x, 5, 12)).toFloatArray();
                assertThat(Fixtures.maxAbsDiff(encoded.get("z"), expected)).isLessThanOrEqualTo(OnnxRuns.TOLERANCE);
            }
        }
    }

    @Test
    void theMixedLikelihoodIsRefusedInOneLine() {
        TableSchema schema =
                new TableSchema(null, null, List.of(new TableSchema.Column("a", ColumnKind.NUMERIC, null, 0.0, 1.0)));
        ModelConfig config = ModelConfig.builder("dense-vae")
                .inputShape(1, 1, 1)
                .latentDim(2)
                .hidden(4)
                .activation(ActivationKind.RELU)
                .family(VaeConfig.builder()
                        .likelihood(Fixtures.likelihood(LikelihoodKind.MIXED, GaussianVariance.FIXED, 1))
                        .build())
                .build();
        try (Vae model = new Vae(config, schema, manager)) {
            assertThatThrownBy(() -> OnnxExport.write(model, dir))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("ONNX export does not support the mixed (per-column) likelihood yet");
        }
    }

    @Test
    void theDiscretizedLogisticLikelihoodIsRefusedInOneLine() {
        ModelConfig config = ModelConfig.builder("dense-vae")
                .inputShape(1, 2, 2)
                .latentDim(2)
                .hidden(4)
                .activation(ActivationKind.RELU)
                .family(VaeConfig.builder()
                        .likelihood(LikelihoodConfig.builder()
                                .kind(LikelihoodKind.DISCRETIZED_LOGISTIC)
                                .variance(GaussianVariance.FIXED)
                                .sigma(1)
                                .mixtureComponents(3)
                                .build())
                        .build())
                .build();
        try (Vae model = new Vae(config, manager)) {
            assertThatThrownBy(() -> OnnxExport.write(model, dir))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("ONNX export does not support the discretized-logistic likelihood yet")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void theCategorical256LikelihoodIsRefusedInOneLine() {
        ModelConfig config = config(ActivationKind.RELU, LikelihoodKind.CATEGORICAL_256, GaussianVariance.FIXED);
        try (Vae model = new Vae(config, manager)) {
            assertThatThrownBy(() -> OnnxExport.write(model, dir))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("ONNX export does not support the categorical-256 likelihood yet")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void theMetadataNamesVaekitAndHoldsTheModelConfig() throws Exception {
        ModelConfig config = config(ActivationKind.ELU, LikelihoodKind.GAUSSIAN, GaussianVariance.PER_DIMENSION);
        Vae model = model(config);

        OnnxExport.write(model, dir);

        for (String graph : List.of("encoder", "decoder")) {
            try (OrtSession session = OnnxRuns.session(dir.resolve(graph + ".onnx"))) {
                var metadata = session.getMetadata();
                assertThat(metadata.getProducerName()).isEqualTo("vaekit");
                assertThat(metadata.getVersion()).isEqualTo(OnnxExport.GRAPH_VERSION);
                assertThat(metadata.getDescription()).contains(graph);
                Map<String, String> custom = metadata.getCustomMetadata();
                assertThat(custom).containsEntry(OnnxExport.METADATA_GRAPH, graph);
                assertThat(Configs.parseJson(custom.get(OnnxExport.METADATA_MODEL), ModelConfig.class, "metadata"))
                        .isEqualTo(config);
            }
        }
        assertThat(OnnxExport.encoder(model).getProducerVersion()).isEqualTo(Versions.vaekit());
    }

    @Test
    void exportingAgainReplacesTheFilesAndLeavesOthersAlone() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        Vae first = model(config(ActivationKind.RELU, LikelihoodKind.BERNOULLI, GaussianVariance.FIXED));
        OnnxExport.write(first, dir);
        byte[] before = Files.readAllBytes(dir.resolve("decoder.onnx"));
        Vae second = model(config(ActivationKind.RELU, LikelihoodKind.BERNOULLI, GaussianVariance.FIXED));

        OnnxExport.write(second, dir);

        assertThat(Files.readAllBytes(dir.resolve("decoder.onnx"))).isNotEqualTo(before);
        assertThat(dir.resolve("notes.txt")).hasContent("mine");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("notes.txt", "encoder.onnx", "decoder.onnx");
        }
    }

    @Test
    void aFileInPlaceOfTheFolderIsBadInput() throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        Vae model = model(config(ActivationKind.RELU, LikelihoodKind.BERNOULLI, GaussianVariance.FIXED));

        assertThatThrownBy(() -> OnnxExport.write(model, file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a folder");
    }

    private static long[] shape(NodeInfo info) {
        return ((TensorInfo) info.getInfo()).getShape();
    }
}
