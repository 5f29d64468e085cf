package dev.vaekit.io;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.vaekit.Fixtures;
import dev.vaekit.TensorTest;
import dev.vaekit.distributions.DiagonalGaussian;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.GaussianVariance;
import dev.vaekit.models.LikelihoodKind;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.models.Vae;
import dev.vaekit.models.VaeConfig;
import dev.vaekit.nn.ActivationKind;
import dev.vaekit.train.Configs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A dense VAE of 3 × 4 × 5 colour images exported as ONNX: in onnxruntime its graphs compute what vaekit computes on
 * rows of 60 channel-major values, and the graphs' descriptions and metadata say how a row holds the image.
 */
class OnnxColourExportTest extends TensorTest {
    private static final int D = 3 * 4 * 5;

    @TempDir
    Path dir;

    @BeforeEach
    void open() {
        Engines.seed(23);
    }

    private static ModelConfig config(LikelihoodKind likelihood) {
        return ModelConfig.builder("dense-vae")
                .inputShape(3, 4, 5)
                .latentDim(2)
                .hidden(16)
                .activation(ActivationKind.GELU)
                .family(VaeConfig.builder()
                        .likelihood(Fixtures.likelihood(likelihood, GaussianVariance.PER_DIMENSION, 0.2))
                        .build())
                .build();
    }

    @ParameterizedTest
    @EnumSource(
            value = LikelihoodKind.class,
            names = {"BERNOULLI", "GAUSSIAN"})
    void theColourGraphsMatchVaekitInOnnxruntime(LikelihoodKind likelihood) throws Exception {
        ModelConfig config = config(likelihood);
        try (Vae model = new Vae(config, manager)) {
            List<OnnxExport.Exported> files = OnnxExport.write(model, dir);

            assertThat(files.get(0).signature()).isEqualTo("x[batch,60] -> mu[batch,2], logvar[batch,2]");
            assertThat(files.get(1).signature()).startsWith("z[batch,2] -> mean[batch,60]");
            int n = 6;
            // colour images: each pixel's red, green and blue drawn independently
            float[] x = Fixtures.uniform(5, n * D, 0, 1);
            float[] z = Fixtures.normal(6, n * 2);
            try (OrtSession encoder = OnnxRuns.session(dir.resolve("encoder.onnx"));
                    OrtSession decoder = OnnxRuns.session(dir.resolve("decoder.onnx"))) {
                DiagonalGaussian q = model.encode(Fixtures.array(manager, x, n, D));
                Map<String, float[]> encoded = OnnxRuns.run(encoder, "x", x, n, D);
                OnnxRuns.assertClose(encoded.get("mu"), q.mean(), "mu");
                OnnxRuns.assertClose(encoded.get("logvar"), q.logVar(), "logvar");
                NDArray output = model.decode(Fixtures.array(manager, z, n, 2));
                float[] mean = OnnxRuns.run(decoder, "z", z, n, 2).get("mean");
                OnnxRuns.assertClose(mean, model.observation().mean(output), "mean");

                for (OrtSession session : List.of(encoder, decoder)) {
                    String description = session.getMetadata().getDescription();
                    assertThat(description).contains("3x4x5 (channels, height, width) image, channel-major");
                    String json = session.getMetadata().getCustomMetadata().get(OnnxExport.METADATA_MODEL);
                    assertThat(Configs.parseJson(json, ModelConfig.class, "metadata")
                                    .inputShape())
                            .containsExactly(3, 4, 5);
                }
                assertThat(((TensorInfo) decoder.getOutputInfo().get("mean").getInfo()).getShape())
                        .containsExactly(-1L, (long) D);
            }
        }
    }
}
