package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.vaekit.InvalidInputException;
import dev.vaekit.engine.Engines;
import dev.vaekit.flows.Dequantization;
import dev.vaekit.flows.FlowNormalization;
import dev.vaekit.flows.ImageCoupling;
import dev.vaekit.models.FlowArchitecture;
import dev.vaekit.models.FlowConfig;
import dev.vaekit.models.FlowModel;
import dev.vaekit.models.FlowScale;
import dev.vaekit.models.FlowTransform;
import dev.vaekit.models.PosteriorFlowKind;
import dev.vaekit.models.VaeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which combinations of flows, objectives and data a run config accepts, and that flow fields round-trip. */
class FlowConfigTest {
    @TempDir
    Path dir;

    @Test
    void aPosteriorFlowNeedsAMonteCarloKl() {
        assertThatThrownBy(() -> Configs.build(null, Map.of("model.posteriorFlow", "iaf")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("the iaf posterior flow has none: use estimator a or iwae");
        RunConfig ok = Configs.build(null, Map.of("model.posteriorFlow", "planar", "objective.estimator", "iwae"));
        assertThat(ok.model().family(VaeConfig.class).posteriorFlow()).isEqualTo(PosteriorFlowKind.PLANAR);
        assertThat(ok.model().family(VaeConfig.class).hasPosteriorFlow()).isTrue();
    }

    @Test
    void theVampPriorAndAPosteriorFlowExcludeEachOther() {
        assertThatThrownBy(() -> Configs.build(
                        null, Map.of("model.prior", "vamp", "model.posteriorFlow", "iaf", "objective.estimator", "a")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("use one or the other");
    }

    @Test
    void aPlainAutoencoderHasNoPosteriorFlow() {
        assertThatThrownBy(() -> Configs.build(
                        null,
                        Map.of("model.type", "dense-ae", "model.posteriorFlow", "planar", "objective.estimator", "a")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.posteriorFlow (--posterior-flow) does not apply to a dense-ae (a plain "
                        + "autoencoder)");
    }

    @Test
    void standAloneFlowsTakeNoPriorConditionOrVaeObjective() {
        assertThatThrownBy(() -> Configs.build(
                        null, Map.of("model.type", "maf", "model.prior", "vamp", "objective.estimator", "a")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.prior (--prior) does not apply to a maf (a flow)");
        assertThatThrownBy(() -> Configs.build(null, Map.of("model.type", "maf", "model.conditionClasses", 10)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.conditionClasses (--condition-classes) does not apply to a maf (a flow)");
        assertThatThrownBy(() -> Configs.build(null, Map.of("model.type", "maf", "objective.samples", 5)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("a maf minimises the exact −log p(x)");
        assertThatThrownBy(() -> Configs.build(null, Map.of("model.type", "maf", "model.flowLength", 0)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(
                        "model.flowLength and model.flowLevels of a stand-alone flow must be >= 1, " + "got 0 and 2");
    }

    @Test
    void dequantizationIsForFlowsOn8BitData() {
        assertThatThrownBy(() -> Configs.build(null, Map.of("model.dequantize", true, "data.binarization", "none")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.dequantize (--dequantize) does not apply to a dense-vae (a VAE)");
        assertThatThrownBy(() -> Configs.build(null, Map.of("model.type", "realnvp", "model.dequantize", true)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("set data.binarization (--binarize) to none, got dynamic");
    }

    @Test
    void flowFieldsRoundTripThroughJson() throws Exception {
        RunConfig c = Configs.build(
                null,
                Map.of(
                        "model.type",
                        "glow",
                        "model.hidden",
                        java.util.List.of(64),
                        "model.flowLength",
                        8,
                        "model.flowLevels",
                        3,
                        "model.dequantize",
                        true,
                        "data.binarization",
                        "none"));
        Path file = dir.resolve("config.json");
        Files.writeString(file, Configs.toJson(c));
        RunConfig back = Configs.read(file);
        assertThat(back).isEqualTo(c);
        assertThat(back.model().family()).isInstanceOf(FlowConfig.class);
        assertThat(back.model().family(FlowConfig.class).flowLevels()).isEqualTo(3);
    }

    @Test
    void theNormalizationIsARealNvpsChoiceAndOlderRunsReadAsActNorm() throws Exception {
        RunConfig batchNorm = Configs.build(
                null, Map.of("model.type", "realnvp", "model.flowNorm", "batchnorm", "data.binarization", "none"));
        assertThat(batchNorm.model().family(FlowConfig.class).flowNorm()).isEqualTo(FlowNormalization.BATCHNORM);
        assertThat(Configs.build(null, Map.of("model.type", "glow", "data.binarization", "none"))
                        .model()
                        .family(FlowConfig.class)
                        .flowNorm())
                .isEqualTo(FlowNormalization.ACTNORM);
        assertThatThrownBy(() -> Configs.build(
                        null, Map.of("model.type", "glow", "model.flowNorm", "batchnorm", "data.binarization", "none")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("a glow has no such choice");
        assertThatThrownBy(() -> Configs.build(
                        null, Map.of("model.type", "realnvp", "model.flowNorm", "layer", "data.binarization", "none")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("[none, actnorm, batchnorm]");

        // a run folder written before the field existed trained with actnorm, and reads so
        assertThat(writeReadAndDrop(batchNorm, "flowNorm")
                        .model()
                        .family(FlowConfig.class)
                        .flowNorm())
                .isEqualTo(FlowNormalization.ACTNORM);
    }

    /**
     * Writes the config as config.json and checks that it reads back equal; then removes the named model field, as
     * in a run folder written before the field existed, and reads it again.
     */
    private RunConfig writeReadAndDrop(RunConfig config, String field) throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, Configs.toJson(config));
        assertThat(Configs.read(file)).isEqualTo(config);
        Files.writeString(
                file, Files.readString(file).replaceAll(",\\s*\"" + field + "\" : (\"[a-z]+\"|[0-9.eE+-]+)", ""));
        assertThat(Files.readString(file)).doesNotContain(field);
        return Configs.read(file);
    }

    @Test
    void theDataTransformDefaultsToTheTypesOwnAndOlderRunsReadSo() throws Exception {
        Map<String, Object> glow = Map.of("model.type", "glow", "model.dequantize", true, "data.binarization", "none");
        RunConfig usual = Configs.build(null, glow);
        assertThat(usual.model().family(FlowConfig.class).flowTransform()).isEqualTo(FlowTransform.DEFAULT);
        assertThat(usual.model().family(FlowConfig.class).flowTransform().resolve(FlowArchitecture.GLOW))
                .isEqualTo(Dequantization.Transform.SHIFT);
        assertThat(FlowTransform.DEFAULT.resolve(FlowArchitecture.REALNVP)).isEqualTo(Dequantization.Transform.LOGIT);
        assertThat(FlowTransform.DEFAULT.resolve(FlowArchitecture.NICE)).isEqualTo(Dequantization.Transform.NONE);
        Map<String, Object> logitGlow = new java.util.HashMap<>(glow);
        logitGlow.put("model.flowTransform", "logit");
        RunConfig logit = Configs.build(null, logitGlow);
        assertThat(logit.model().family(FlowConfig.class).flowTransform().resolve(FlowArchitecture.GLOW))
                .isEqualTo(Dequantization.Transform.LOGIT);
        assertThatThrownBy(() -> Configs.build(
                        null,
                        Map.of("model.type", "glow", "model.flowTransform", "logit", "data.binarization", "none")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("it needs model.dequantize true");
        assertThatThrownBy(() -> Configs.build(
                        null, Map.of("model.type", "glow", "model.flowTransform", "log", "data.binarization", "none")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("[default, none, logit, shift]");
        // a VAE has no data transform of its own
        assertThatThrownBy(() -> Configs.build(null, Map.of("model.flowTransform", "logit")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.flowTransform (--flow-transform) does not apply to a dense-vae");

        // a run folder written before the field existed used its type's transform, and reads so
        assertThat(writeReadAndDrop(logit, "flowTransform")
                        .model()
                        .family(FlowConfig.class)
                        .flowTransform())
                .isEqualTo(FlowTransform.DEFAULT);
    }

    /** The names of the coupling scales γ a TANH coupling learns (the other bounds have none). */
    private static long tanhScales(RunConfig config) {
        try (NDManager manager = Engines.newManager()) {
            FlowModel model = new FlowModel(config.model().withInputShape(1, 8, 8), manager);
            return model.parameters().asMap().keySet().stream()
                    .filter(n -> n.endsWith(".scale"))
                    .count();
        }
    }

    @Test
    void theCouplingScaleDefaultsToTheTypesOwnAndOlderRunsReadSo() throws Exception {
        Map<String, Object> realNvp =
                Map.of("model.type", "realnvp", "model.hidden", java.util.List.of(4), "data.binarization", "none");
        RunConfig usual = Configs.build(null, realNvp);
        assertThat(usual.model().family(FlowConfig.class).flowScale()).isEqualTo(FlowScale.DEFAULT);
        assertThat(FlowScale.DEFAULT.resolve(FlowArchitecture.REALNVP)).isEqualTo(ImageCoupling.Scale.TANH);
        assertThat(FlowScale.DEFAULT.resolve(FlowArchitecture.GLOW)).isEqualTo(ImageCoupling.Scale.SIGMOID);
        Map<String, Object> sigmoidRealNvp = new java.util.HashMap<>(realNvp);
        sigmoidRealNvp.put("model.flowScale", "sigmoid");
        RunConfig sigmoid = Configs.build(null, sigmoidRealNvp);
        assertThat(sigmoid.model().family(FlowConfig.class).flowScale()).isEqualTo(FlowScale.SIGMOID);
        // the built model follows the choice: RealNVP's tanh couplings learn a γ per channel, sigmoid ones do not
        assertThat(tanhScales(usual)).isPositive();
        assertThat(tanhScales(sigmoid)).isZero();

        assertThatThrownBy(() -> Configs.build(null, Map.of("model.flowScale", "sigmoid")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.flowScale (--flow-scale) does not apply to a dense-vae");
        assertThatThrownBy(() -> Configs.build(
                        null, Map.of("model.type", "maf", "model.flowScale", "sigmoid", "data.binarization", "none")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("a maf has no such choice");
        assertThatThrownBy(() -> Configs.build(
                        null, Map.of("model.type", "realnvp", "model.flowScale", "exp", "data.binarization", "none")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("[default, tanh, sigmoid, additive]");
        RunConfig onVectors = Configs.build(
                null, Map.of("model.type", "realnvp", "model.flowScale", "sigmoid", "data.binarization", "none"));
        assertThatThrownBy(() -> {
                    try (NDManager manager = Engines.newManager()) {
                        new FlowModel(onVectors.model().withInputShape(1, 1, 6), manager);
                    }
                })
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("on images");

        // a run folder written before the field existed used its type's scale, and reads so
        assertThat(writeReadAndDrop(sigmoid, "flowScale")
                        .model()
                        .family(FlowConfig.class)
                        .flowScale())
                .isEqualTo(FlowScale.DEFAULT);
    }

    @Test
    void aFlowsStudentTBaseRoundTripsAndOlderRunsReadTheNormalOne() throws Exception {
        Map<String, Object> student =
                Map.of("model.type", "realnvp", "model.flowBaseDof", 1000.0, "data.binarization", "none");
        RunConfig withT = Configs.build(null, student);
        assertThat(withT.model().family(FlowConfig.class).flowBaseDof()).isEqualTo(1000.0);
        assertThat(Configs.build(null, Map.of("model.type", "realnvp", "data.binarization", "none"))
                        .model()
                        .family(FlowConfig.class)
                        .flowBaseDof())
                .isZero();
        // a run folder written before the field existed had the type's own base, and reads so
        assertThat(writeReadAndDrop(withT, "flowBaseDof")
                        .model()
                        .family(FlowConfig.class)
                        .flowBaseDof())
                .isZero();
    }
}
