package dev.vaekit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.Binarization;
import dev.vaekit.data.DataConfig;
import dev.vaekit.nn.ActivationKind;
import dev.vaekit.objectives.Estimator;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.train.Configs;
import dev.vaekit.train.LrSchedule;
import dev.vaekit.train.RunConfig;
import dev.vaekit.train.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelConfigTest {
    @TempDir
    Path dir;

    private static ModelConfig config(List<Integer> shape, int latent, List<Integer> hidden, double sigma) {
        return ModelConfig.builder("dense-vae")
                .inputShape(shape)
                .latentDim(latent)
                .hidden(hidden)
                .activation(ActivationKind.RELU)
                .family(VaeConfig.builder()
                        .likelihood(LikelihoodConfig.builder()
                                .kind(LikelihoodKind.BERNOULLI)
                                .variance(GaussianVariance.FIXED)
                                .sigma(sigma)
                                .build())
                        .build())
                .build();
    }

    /** A config that differs from the defaults in every section. */
    private static RunConfig unusual() {
        return new RunConfig(
                new DataConfig("csv:/data/table.csv", Binarization.STATIC, 0.25, 17),
                ModelConfig.builder("dense-vae")
                        .inputShape(1, 28, 28)
                        .latentDim(7)
                        .hidden(300, 150)
                        .activation(ActivationKind.TANH)
                        .family(VaeConfig.builder()
                                .likelihood(LikelihoodConfig.builder()
                                        .kind(LikelihoodKind.GAUSSIAN)
                                        .variance(GaussianVariance.PER_DIMENSION)
                                        .sigma(0.35)
                                        .build())
                                .build())
                        .build(),
                new ObjectiveConfig(Estimator.IWAE, 5, 1.0, 2.5, 0),
                new TrainingConfig(12, 64, 3e-4, 0.8, 0.99, LrSchedule.EXPONENTIAL, 0.9, 2.5, 3, 42, 0.999, 0));
    }

    @Test
    void latentDimZeroIsRefused() {
        assertThatThrownBy(() -> config(null, 0, List.of(400), 0.1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("latentDim must be >= 1, got 0");
    }

    @Test
    void unknownModelTypeIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> ModelConfig.builder("mlp-vae")
                        .latentDim(2)
                        .hidden(4)
                        .activation(ActivationKind.RELU)
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("model.type: unknown model 'mlp-vae'; expected one of " + ModelFamilies.types());
        // the built-in families first, in registration order; further families follow them
        assertThat(ModelFamilies.types())
                .startsWith(
                        "dense-vae",
                        "conv-vae",
                        "resnet-vae",
                        "pixel-vae",
                        "dense-ae",
                        "conv-ae",
                        "resnet-ae",
                        "nice",
                        "maf",
                        "realnvp",
                        "glow");
    }

    @Test
    void inputShapeMustBeThreePositiveSizes() {
        assertThatThrownBy(() -> config(List.of(28, 28), 2, List.of(4), 0.1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("model.inputShape must be three positive sizes [channels, height, width], got [28, 28]");
        assertThatThrownBy(() -> config(List.of(1, 0, 28), 2, List.of(4), 0.1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("got [1, 0, 28]");
    }

    @Test
    void hiddenWidthsMustBePositive() {
        assertThatThrownBy(() -> config(null, 2, List.of(400, 0), 0.1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("model.hidden must be a list of widths >= 1, got [400, 0]");
        assertThatThrownBy(() -> config(null, 2, null, 0.1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.hidden");
        // no hidden layer at all is a linear-Gaussian VAE: allowed
        assertThat(config(null, 2, List.of(), 0.1).hidden()).isEmpty();
    }

    @Test
    void sigmaMustBeFiniteAndPositive() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> config(null, 2, List.of(4), bad))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("model.sigma must be a finite number > 0, got " + bad);
        }
    }

    @Test
    void enumsMustBeSet() {
        assertThatThrownBy(() -> ModelConfig.builder("dense-vae")
                        .latentDim(2)
                        .hidden(4)
                        .activation(null)
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.activation");
        assertThatThrownBy(() -> LikelihoodConfig.builder().kind(null).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.likelihood");
        assertThatThrownBy(() -> LikelihoodConfig.builder().variance(null).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.variance");
        assertThatThrownBy(() -> VaeConfig.builder().prior(null).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.prior");
        assertThatThrownBy(() ->
                        VaeConfig.builder().likelihood((LikelihoodConfig) null).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.likelihood");
    }

    @Test
    void theFamilyFieldsAreTheTypesRecordAndDefaultWhenLeftOut() {
        ModelConfig vae = ModelConfig.builder("conv-vae").hidden(8).build();
        assertThat(vae.family()).isEqualTo(VaeConfig.defaults());
        assertThat(ModelConfig.builder().build().type()).isEqualTo(ModelConfig.DEFAULT_TYPE);
        assertThat(ModelConfig.builder("conv-ae").build().family()).isEqualTo(AutoencoderConfig.defaults());
        assertThat(ModelConfig.builder("realnvp").build().family()).isEqualTo(FlowConfig.defaults());
        assertThat(vae.toBuilder().build()).isEqualTo(vae);

        assertThatThrownBy(() -> ModelConfig.builder("realnvp")
                        .family(VaeConfig.defaults())
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("realnvp takes a FlowConfig, got a VaeConfig");
        assertThatThrownBy(() -> vae.family(FlowConfig.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("conv-vae has a VaeConfig, not a FlowConfig");
        assertThat(vae.family(VaeFamilyConfig.class).vae()).isSameAs(vae.family());
    }

    @Test
    void listsAreCopiedSoTheConfigStaysImmutable() {
        List<Integer> hidden = new ArrayList<>(List.of(10, 20));
        ModelConfig c = config(new ArrayList<>(List.of(1, 2, 3)), 2, hidden, 0.1);

        hidden.add(30);

        assertThat(c.hidden()).containsExactly(10, 20);
        assertThatThrownBy(() -> c.hidden().add(5)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void inputDimIsTheProductOfTheShapeAndNeedsIt() {
        ModelConfig c = config(null, 2, List.of(4), 0.1);

        assertThatThrownBy(c::inputDim).isInstanceOf(IllegalStateException.class);
        ModelConfig shaped = c.withInputShape(3, 4, 5);
        assertThat(shaped.inputShape()).containsExactly(3, 4, 5);
        assertThat(shaped.inputDim()).isEqualTo(60);
        assertThat(shaped.latentDim()).isEqualTo(2);
        assertThat(shaped.hidden()).isEqualTo(c.hidden());
    }

    @Test
    void runConfigRoundTripsThroughJson() {
        RunConfig original = unusual();

        String json = Configs.toJson(original);
        RunConfig back = Configs.parseJson(json, RunConfig.class, "test");

        assertThat(back).isEqualTo(original);
        assertThat(json).contains("\"inputShape\" : [ 1, 28, 28 ]");
    }

    @Test
    void runConfigRoundTripsThroughAYamlFile() throws Exception {
        RunConfig original = unusual();
        Path file = dir.resolve("run.yaml");
        Files.writeString(file, Configs.toYaml(original));

        RunConfig back = Configs.build(file, Map.of());

        assertThat(back).isEqualTo(original);
        assertThat(back.model().inputShape()).containsExactly(1, 28, 28);
    }

    @Test
    void defaultsRoundTripThroughJsonFileReading() throws Exception {
        RunConfig original =
                Configs.defaults().withModel(Configs.defaults().model().withInputShape(1, 28, 28));
        Path file = dir.resolve("config.json");
        Files.writeString(file, Configs.toJson(original));

        assertThat(Configs.read(file)).isEqualTo(original);
    }
}
