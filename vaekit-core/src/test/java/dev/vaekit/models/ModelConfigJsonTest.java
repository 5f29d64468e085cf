package dev.vaekit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.Binarization;
import dev.vaekit.data.DataConfig;
import dev.vaekit.flows.FlowNormalization;
import dev.vaekit.nn.ActivationKind;
import dev.vaekit.objectives.Estimator;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.train.Configs;
import dev.vaekit.train.RunConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code model} section of a config file: one flat object with the shared fields and the family's beside them,
 * read back into the same records; fields of another family refused when building a config unless they hold that
 * family's default, and dropped when reading a saved run; and configs written before the family records existed.
 */
class ModelConfigJsonTest {
    @TempDir
    Path dir;

    /** A dense VAE with a VampPrior of 25 pseudo-inputs and a Gaussian likelihood with a learned σ per dimension. */
    private static ModelConfig vampVae() {
        return ModelConfig.builder("dense-vae")
                .inputShape(1, 28, 28)
                .latentDim(8)
                .hidden(64, 32)
                .activation(ActivationKind.TANH)
                .family(VaeConfig.builder()
                        .likelihood(LikelihoodConfig.builder()
                                .kind(LikelihoodKind.GAUSSIAN)
                                .variance(GaussianVariance.PER_DIMENSION)
                                .sigma(0.3)
                                .build())
                        .prior(PriorKind.VAMP)
                        .pseudoInputs(25)
                        .build())
                .build();
    }

    /** A convolutional plain autoencoder with a categorical-256 likelihood, conditioned on 10 classes. */
    private static ModelConfig convAe() {
        return ModelConfig.builder("conv-ae")
                .inputShape(1, 28, 28)
                .latentDim(4)
                .hidden(8, 16)
                .activation(ActivationKind.ELU)
                .family(AutoencoderConfig.builder()
                        .likelihood(LikelihoodConfig.builder()
                                .kind(LikelihoodKind.CATEGORICAL_256)
                                .build())
                        .conditionClasses(10)
                        .build())
                .build();
    }

    /** A RealNVP on 8-bit images, batch normalization in front of its couplings. */
    private static ModelConfig realNvp() {
        return ModelConfig.builder("realnvp")
                .inputShape(1, 28, 28)
                .hidden(16)
                .residualBlocks(1)
                .family(FlowConfig.builder()
                        .flowLength(6)
                        .flowLevels(3)
                        .dequantize(true)
                        .flowNorm(FlowNormalization.BATCHNORM)
                        .build())
                .build();
    }

    /** A run of the model whose other sections suit it. */
    private static RunConfig run(ModelConfig model) {
        boolean vae = model.family() instanceof VaeConfig;
        return RunConfig.builder()
                .data(new DataConfig("mnist-mini", vae ? Binarization.DYNAMIC : Binarization.NONE, 0.1, 0))
                .model(model)
                .objective(
                        vae
                                ? ObjectiveConfig.builder()
                                        .estimator(Estimator.IWAE)
                                        .samples(5)
                                        .build()
                                : ObjectiveConfig.defaults())
                .build();
    }

    private Path write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    @Test
    void eachFamilysSectionIsWrittenFlatAndReadsBackEqual() {
        for (ModelConfig model : List.of(vampVae(), convAe(), realNvp())) {
            ObjectNode flat = ModelConfigJson.flatten(model);

            // one level: the family's fields and the likelihood's sit beside the shared ones
            assertThat(fields(flat))
                    .as(model.type())
                    .startsWith("type", "inputShape", "latentDim", "hidden", "activation", "residualBlocks")
                    .doesNotContain("family", "vae", "kind");
            flat.properties().forEach(e -> assertThat(e.getValue().isObject())
                    .as("%s: %s", model.type(), e.getKey())
                    .isFalse());
            assertThat(ModelConfigJson.read(flat, false)).as(model.type()).isEqualTo(model);
            assertThat(ModelConfigJson.read(flat, true)).as(model.type()).isEqualTo(model);

            // and through a whole run config, as a run folder holds it
            RunConfig run = run(model);
            String json = Configs.toJson(run);
            assertThat(Configs.parseJson(json, RunConfig.class, "config.json"))
                    .as(model.type())
                    .isEqualTo(run);
        }

        ObjectNode vamp = ModelConfigJson.flatten(vampVae());
        assertThat(vamp.get("prior").asString()).isEqualTo("vamp");
        assertThat(vamp.get("pseudoInputs").asInt()).isEqualTo(25);
        assertThat(vamp.get("likelihood").asString()).isEqualTo("gaussian");
        assertThat(vamp.get("variance").asString()).isEqualTo("per-dimension");
        assertThat(vamp.get("sigma").asDouble()).isEqualTo(0.3);
        assertThat(fields(vamp)).doesNotContain("flowLevels", "dequantize", "flowNorm");

        ObjectNode ae = ModelConfigJson.flatten(convAe());
        assertThat(ae.get("likelihood").asString()).isEqualTo("categorical-256");
        assertThat(ae.get("conditionClasses").asInt()).isEqualTo(10);
        assertThat(fields(ae)).doesNotContain("prior", "pseudoInputs", "posteriorFlow", "flowLength", "dequantize");

        ObjectNode flow = ModelConfigJson.flatten(realNvp());
        assertThat(flow.get("dequantize").asBoolean()).isTrue();
        assertThat(flow.get("flowNorm").asString()).isEqualTo("batchnorm");
        assertThat(flow.get("flowLevels").asInt()).isEqualTo(3);
        assertThat(fields(flow)).doesNotContain("prior", "likelihood", "sigma", "conditionClasses");
    }

    @Test
    void aSectionNamesOnlyWhatDiffersFromItsTypesDefaults() throws Exception {
        Path file = write(
                "flow.yaml",
                "data:\n  binarization: none\nmodel:\n  type: realnvp\n  inputShape: [1, 28, 28]\n  hidden: [16]\n"
                        + "  residualBlocks: 1\n  flowLength: 6\n  flowLevels: 3\n  dequantize: true\n"
                        + "  flowNorm: batchnorm\n");

        assertThat(Configs.build(file, Map.of()).model()).isEqualTo(realNvp());
        assertThat(ModelConfigJson.defaults("conv-ae"))
                .isEqualTo(ModelConfigJson.flatten(ModelConfig.builder("conv-ae").build()));
    }

    @Test
    void aFieldOfAnotherFamilyIsRefusedWhenBuildingAConfig() {
        assertThatThrownBy(() -> Configs.build(
                        null, Map.of("model.type", "realnvp", "model.prior", "vamp", "data.binarization", "none")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.prior (--prior) does not apply to a realnvp (a flow); leave it out");
        assertThatThrownBy(() -> Configs.build(
                        null, Map.of("model.type", "conv-ae", "model.flowNorm", "batchnorm", "model.hidden", List.of(8))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(
                        "model.flowNorm (--flow-norm) does not apply to a conv-ae (a plain autoencoder); leave it out");
        assertThatThrownBy(() -> Configs.build(
                        null, Map.of("model.dequantize", true, "data.binarization", "none")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.dequantize (--dequantize) does not apply to a dense-vae (a VAE)");
        // the likelihood's fields are the plain autoencoder's own
        assertThat(Configs.build(null, Map.of("model.type", "conv-ae", "model.sigma", 0.5, "model.hidden", List.of(8)))
                        .model()
                        .family(AutoencoderConfig.class)
                        .likelihood()
                        .sigma())
                .isEqualTo(0.5);
        assertThatThrownBy(() -> Configs.build(
                        null, Map.of("model.type", "realnvp", "model.sigma", 0.5, "data.binarization", "none")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.sigma (--sigma) does not apply to a realnvp (a flow)");

        // the same check reading a section directly
        ObjectNode section = ModelConfigJson.flatten(realNvp());
        section.put("pseudoInputs", 10);
        assertThatThrownBy(() -> ModelConfigJson.read(section, false))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.pseudoInputs (--pseudo-inputs) does not apply to a realnvp");
        // a field no family has is unknown, listing the type's own
        ObjectNode unknown = ModelConfigJson.flatten(convAe());
        unknown.put("latentDims", 3);
        assertThatThrownBy(() -> ModelConfigJson.read(unknown, true))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown field 'model.latentDims'; known fields of a conv-ae: [")
                .hasMessageContaining("conditionClasses");
    }

    @Test
    void aFieldOfAnotherFamilyAtThatFamilysDefaultIsTolerated() {
        Map<String, Object> flow = new LinkedHashMap<>();
        flow.put("model.type", "realnvp");
        flow.put("data.binarization", "none");
        flow.put("model.prior", "standard");
        flow.put("model.pseudoInputs", 500);
        flow.put("model.likelihood", "bernoulli");
        flow.put("model.sigma", 0.1);
        flow.put("model.posteriorFlow", "none");
        assertThat(Configs.build(null, flow).model())
                .isEqualTo(Configs.build(null, Map.of("model.type", "realnvp", "data.binarization", "none"))
                        .model());

        Map<String, Object> vae = new LinkedHashMap<>();
        vae.put("model.flowNorm", "actnorm");
        vae.put("model.flowLevels", 2);
        vae.put("model.dequantize", false);
        vae.put("model.flowBaseDof", 0); // 0 and 0.0 are the same number
        assertThat(Configs.build(null, vae)).isEqualTo(Configs.defaults());

        // and they are not written back
        assertThat(Configs.toJson(Configs.build(null, vae)))
                .doesNotContain("flowNorm")
                .doesNotContain("flowLevels")
                .doesNotContain("dequantize");
        assertThat(Configs.toJson(Configs.build(null, flow)))
                .doesNotContain("\"prior\"")
                .doesNotContain("pseudoInputs")
                .doesNotContain("\"sigma\"");
    }

    @Test
    void aSavedConfigWithForeignFieldsIsReadLeniently() throws Exception {
        RunConfig run = run(realNvp());
        ObjectNode tree = (ObjectNode) Configs.json().readTree(Configs.toJson(run));
        ObjectNode model = (ObjectNode) tree.get("model");
        // fields of the VAE a run never used, holding what the user once passed
        model.put("prior", "vamp");
        model.put("pseudoInputs", 10);
        model.put("sigma", 0.7);
        Path saved = write("config.json", tree.toString());

        assertThat(Configs.read(saved)).isEqualTo(run);
        assertThat(Configs.resumed(saved, Map.of("training.epochs", 20)))
                .isEqualTo(run.withTraining(run.training().toBuilder().epochs(20).build()));
        // building a new run from the same file is strict
        assertThatThrownBy(() -> Configs.build(saved, Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(saved.toString())
                .hasMessageContaining("does not apply to a realnvp (a flow)");
        // an unknown field is refused even when reading leniently
        model.put("colour", "red");
        Path unknown = write("unknown.json", tree.toString());
        assertThatThrownBy(() -> Configs.read(unknown))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(unknown.toString())
                .hasMessageContaining("unknown field 'model.colour'");
    }

    @Test
    void aRunFolderWrittenBeforeTheFamilyRecordsReadsAsItWasTrained() throws Exception {
        // as vaekit wrote a RealNVP's config.json (see vaekit-cli's checkpoint fixtures): every field of every family
        String old = """
                {
                  "data" : {"dataset" : "mnist-mini", "binarization" : "none", "validationFraction" : 0.1,
                            "binarizationSeed" : 0, "labelColumn" : "label", "columns" : { }, "schema" : null},
                  "model" : {
                    "type" : "realnvp", "inputShape" : [ 1, 28, 28 ], "latentDim" : 20, "hidden" : [ 4 ],
                    "activation" : "relu", "likelihood" : "bernoulli", "variance" : "fixed", "sigma" : 0.1,
                    "mixtureComponents" : 1, "residualBlocks" : 1, "prior" : "standard", "pseudoInputs" : 500,
                    "conditionClasses" : 0, "pixelLayers" : 4, "pixelChannels" : 32, "posteriorFlow" : "none",
                    "flowLength" : 2, "priorFlowLength" : 4, "flowHidden" : 256, "flowLevels" : 1,
                    "dequantize" : true, "flowNorm" : "actnorm", "flowTransform" : "default",
                    "flowScale" : "default", "flowBaseDof" : 0.0
                  },
                  "objective" : {"estimator" : "b", "samples" : 1, "beta" : 1.0, "warmupEpochs" : 0.0,
                                 "freeBits" : 0.0},
                  "training" : {"epochs" : 2, "batchSize" : 128, "learningRate" : 0.001, "adamBeta1" : 0.9,
                                "adamBeta2" : 0.999, "schedule" : "constant", "lrDecay" : 0.95, "clipNorm" : 0.0,
                                "patience" : 0, "seed" : 1, "emaDecay" : 0.0}
                }
                """;
        RunConfig read = Configs.read(write("realnvp.json", old));

        assertThat(read.model())
                .isEqualTo(ModelConfig.builder("realnvp")
                        .inputShape(1, 28, 28)
                        .latentDim(20)
                        .hidden(4)
                        .activation(ActivationKind.RELU)
                        .residualBlocks(1)
                        .family(FlowConfig.builder()
                                .flowLength(2)
                                .flowLevels(1)
                                .dequantize(true)
                                .build())
                        .build());
        assertThat(read.training().epochs()).isEqualTo(2);
    }

    @Test
    void anOldConfigLackingLaterFieldsReadsWithTheirDefaults() throws Exception {
        // a dense VAE's config.json from before mixtureComponents, residualBlocks, priors, conditions, PixelCNNs,
        // flows, free bits, label columns and weight averaging existed
        String old = """
                {
                  "data" : {"dataset" : "mnist-mini", "binarization" : "dynamic", "validationFraction" : 0.1,
                            "binarizationSeed" : 0},
                  "model" : {"type" : "dense-vae", "inputShape" : [ 1, 28, 28 ], "latentDim" : 2,
                             "hidden" : [ 16 ], "activation" : "relu", "likelihood" : "bernoulli",
                             "variance" : "fixed", "sigma" : 0.1},
                  "objective" : {"estimator" : "b", "samples" : 1, "beta" : 1.0, "warmupEpochs" : 0.0},
                  "training" : {"epochs" : 2, "batchSize" : 128, "learningRate" : 0.001, "adamBeta1" : 0.9,
                                "adamBeta2" : 0.999, "schedule" : "constant", "lrDecay" : 0.95, "clipNorm" : 0.0,
                                "patience" : 0, "seed" : 1}
                }
                """;
        RunConfig read = Configs.read(write("old.json", old));

        ModelConfig expected = ModelConfig.builder("dense-vae")
                .inputShape(1, 28, 28)
                .latentDim(2)
                .hidden(16)
                .activation(ActivationKind.RELU)
                .build();
        assertThat(read.model()).isEqualTo(expected);
        VaeConfig vae = read.model().family(VaeConfig.class);
        assertThat(vae.likelihood().mixtureComponents()).isEqualTo(1);
        assertThat(vae.prior()).isEqualTo(PriorKind.STANDARD);
        assertThat(vae.conditionClasses()).isZero();
        assertThat(vae.posteriorFlow()).isEqualTo(PosteriorFlowKind.NONE);
        assertThat(read.model().residualBlocks()).isEqualTo(2);
        assertThat(read.objective().freeBits()).isZero();
        assertThat(read.training().emaDecay()).isZero();
        assertThat(read)
                .isEqualTo(RunConfig.builder()
                        .model(expected)
                        .training(read.training().toBuilder().epochs(2).build())
                        .build());

        // and so does one of a VAE that listed the flow fields at their defaults
        String listed = old.replace("\"sigma\" : 0.1}", "\"sigma\" : 0.1, \"flowLevels\" : 2, \"dequantize\" : false}");
        assertThat(listed).contains("flowLevels");
        assertThat(Configs.read(write("listed.json", listed))).isEqualTo(read);
    }
}
