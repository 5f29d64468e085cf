package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.Binarization;
import dev.vaekit.data.ColumnKind;
import dev.vaekit.models.GaussianVariance;
import dev.vaekit.models.LikelihoodConfig;
import dev.vaekit.models.LikelihoodKind;
import dev.vaekit.models.VaeConfig;
import dev.vaekit.nn.ActivationKind;
import dev.vaekit.objectives.Estimator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

class ConfigsTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    /** @return the likelihood of a VAE's model section */
    private static LikelihoodConfig likelihood(RunConfig c) {
        return c.model().family(VaeConfig.class).likelihood();
    }

    @Test
    void defaultsAreTheDocumentedMnistVae() {
        RunConfig d = Configs.defaults();

        assertThat(d.data().dataset()).isEqualTo("mnist-mini");
        assertThat(d.data().binarization()).isEqualTo(Binarization.DYNAMIC);
        assertThat(d.model().inputShape()).isNull();
        assertThat(d.model().latentDim()).isEqualTo(20);
        assertThat(d.model().hidden()).containsExactly(400);
        assertThat(d.model().activation()).isEqualTo(ActivationKind.RELU);
        assertThat(likelihood(d).kind()).isEqualTo(LikelihoodKind.BERNOULLI);
        assertThat(d.objective().estimator()).isEqualTo(Estimator.B);
        assertThat(d.training().learningRate()).isEqualTo(1e-3);
        assertThat(d.training().batchSize()).isEqualTo(128);
        assertThat(Configs.build(null, Map.of())).isEqualTo(d);
    }

    @Test
    void aFileNeedOnlyNameWhatDiffers() throws Exception {
        Path f = file(
                "c.json", "{\"model\": {\"latentDim\": 5, \"activation\": \"TANH\"}, \"training\": {\"epochs\": 3}}");

        RunConfig c = Configs.build(f, Map.of());

        assertThat(c.model().latentDim()).isEqualTo(5);
        assertThat(c.model().activation()).isEqualTo(ActivationKind.TANH);
        assertThat(c.training().epochs()).isEqualTo(3);
        assertThat(c.model().hidden()).containsExactly(400);
        assertThat(c.data()).isEqualTo(Configs.defaults().data());
    }

    @Test
    void yamlFilesAreReadToo() throws Exception {
        Path f = file(
                "c.yml",
                "model:\n  hidden: [200, 100]\n  variance: per-dimension\nobjective:\n  estimator: iwae\n  samples: 5\n");

        RunConfig c = Configs.build(f, Map.of());

        assertThat(c.model().hidden()).containsExactly(200, 100);
        assertThat(likelihood(c).variance()).isEqualTo(GaussianVariance.PER_DIMENSION);
        assertThat(c.objective().estimator()).isEqualTo(Estimator.IWAE);
        assertThat(c.objective().samples()).isEqualTo(5);
    }

    @Test
    void columnTypesAreAMapThatFilesAndFlagsReplaceWhole() throws Exception {
        Path f = file(
                "t.yaml",
                "data:\n  dataset: csv:t.csv\n  binarization: none\n  labelColumn: kind\n"
                        + "  columns: {id: ignore, smoker: binary}\nmodel:\n  likelihood: mixed\n");

        RunConfig c = Configs.build(f, Map.of());
        assertThat(c.data().columns())
                .containsExactly(Map.entry("id", ColumnKind.IGNORE), Map.entry("smoker", ColumnKind.BINARY));
        assertThat(c.data().labelColumn()).isEqualTo("kind");
        assertThat(Configs.read(file("back.json", Configs.toJson(c)))).isEqualTo(c);

        RunConfig flagged = Configs.build(f, Map.of("data.columns", Map.of("age", "numeric")));
        assertThat(flagged.data().columns()).containsExactly(Map.entry("age", ColumnKind.NUMERIC));

        assertThatThrownBy(() -> Configs.build(f, Map.of("data.columns", Map.of("age", "ordinal"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown column type 'ordinal'");
    }

    @Test
    void overridesApplyOnTopOfTheFileInOrder() throws Exception {
        Path f = file("c.json", "{\"training\": {\"epochs\": 5, \"seed\": 9}}");
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("training.epochs", 7);
        overrides.put("model.hidden", List.of(32, 16));
        overrides.put("objective.estimator", "a");
        overrides.put("training.schedule", "exponential");
        overrides.put("training.learningRate", 0.01);

        RunConfig c = Configs.build(f, overrides);

        assertThat(c.training().epochs()).isEqualTo(7);
        assertThat(c.training().seed()).isEqualTo(9);
        assertThat(c.model().hidden()).containsExactly(32, 16);
        assertThat(c.objective().estimator()).isEqualTo(Estimator.A);
        assertThat(c.training().schedule()).isEqualTo(LrSchedule.EXPONENTIAL);
        assertThat(c.training().learningRate()).isEqualTo(0.01);
    }

    @Test
    void binarizationAcceptsItsDocumentedLowerCaseNames() {
        // DataConfig, the CLI (--binarize none|static|dynamic) and Binarization.parse all use lower-case names
        assertThat(Configs.build(null, Map.of("data.binarization", "static"))
                        .data()
                        .binarization())
                .isEqualTo(Binarization.STATIC);
        assertThat(Configs.build(null, Map.of("data.binarization", "none"))
                        .data()
                        .binarization())
                .isEqualTo(Binarization.NONE);
    }

    @Test
    void enumsAreWrittenAsTheirLowerCaseConfigNames() {
        String json = Configs.toJson(Configs.build(
                null,
                Map.of("model.activation", "tanh", "model.variance", "per-dimension", "objective.estimator", "iwae")));

        assertThat(json)
                .contains("\"activation\" : \"tanh\"")
                .contains("\"variance\" : \"per-dimension\"")
                .contains("\"estimator\" : \"iwae\"")
                .contains("\"schedule\" : \"constant\"")
                .contains("\"binarization\" : \"dynamic\"");
    }

    @Test
    void aDecayIsRefusedUnlessTheScheduleIsExponential() throws Exception {
        Path constant = file("c.yaml", "training:\n  lrDecay: 0.5\n");
        Path exponential = file("e.yaml", "training:\n  schedule: exponential\n  lrDecay: 0.5\n");

        assertThatThrownBy(() -> Configs.build(constant, Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("lrDecay applies only to the exponential schedule");
        assertThatThrownBy(() -> Configs.build(null, Map.of("training.lrDecay", 0.5, "training.schedule", "cosine")))
                .hasMessageContaining("training.schedule is cosine");
        assertThat(Configs.build(exponential, Map.of()).training().learningRateAt(2))
                .isCloseTo(1e-3 * 0.25, offset(1e-12));
        assertThat(Configs.build(constant, Map.of("training.schedule", "exponential"))
                        .training()
                        .schedule())
                .isEqualTo(LrSchedule.EXPONENTIAL);
    }

    @Test
    void anUnknownFieldIsAnErrorNamingIt() throws Exception {
        Path f = file("c.json", "{\"model\": {\"latentDims\": 5}}");

        assertThatThrownBy(() -> Configs.build(f, Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("unknown field 'model.latentDims'");
    }

    @Test
    void anUnknownSectionIsAnErrorNamingIt() throws Exception {
        Path f = file("c.yaml", "optimizer:\n  lr: 0.1\n");

        assertThatThrownBy(() -> Configs.build(f, Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown field 'optimizer'");
    }

    @Test
    void anUnknownFieldInASavedConfigIsAnErrorNamingIt() throws Exception {
        String json = Configs.toJson(Configs.defaults()).replace("\"samples\"", "\"extra\" : 1, \"samples\"");
        Path f = file("config.json", json);

        assertThatThrownBy(() -> Configs.read(f))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown field 'objective.extra'");
    }

    @Test
    void anInvalidValueGivesTheRecordsMessageAndTheFile() throws Exception {
        Path f = file("c.json", "{\"model\": {\"latentDim\": 0}}");

        assertThatThrownBy(() -> Configs.build(f, Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(f + ": model.latentDim must be >= 1, got 0");
    }

    @Test
    void anInvalidOverrideNamesTheCommandLine() {
        assertThatThrownBy(() -> Configs.build(null, Map.of("training.batchSize", 0)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("command line: training.batchSize must be >= 1, got 0");
    }

    @Test
    void earlyStoppingNeedsAValidationSet() {
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("training.patience", 2);
        overrides.put("data.validationFraction", 0.0);

        assertThatThrownBy(() -> Configs.build(null, overrides))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("training.patience needs a validation set");
        overrides.put("data.validationFraction", 0.1);
        assertThat(Configs.build(null, overrides).training().patience()).isEqualTo(2);
    }

    @Test
    void freeBitsRoundTripThroughYamlAndJson() throws Exception {
        RunConfig c = Configs.build(file("fb.yaml", "objective:\n  freeBits: 0.25\n"), Map.of());
        assertThat(c.objective().freeBits()).isEqualTo(0.25);
        assertThat(Configs.defaults().objective().freeBits()).isZero();

        assertThat(Configs.parseJson(Configs.toJson(c), RunConfig.class, "fb.json"))
                .isEqualTo(c);
        assertThat(Configs.build(file("back.yaml", Configs.toYaml(c)), Map.of()))
                .isEqualTo(c);
        assertThatThrownBy(
                        () -> Configs.build(file("fb-a.yaml", "objective:\n  estimator: a\n  freeBits: 1\n"), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("fb-a.yaml")
                .hasMessageContaining("objective.freeBits needs estimator b");
    }

    @Test
    void mixtureComponentsRoundTripAndBelongToTheDiscretizedLogisticOnly() throws Exception {
        RunConfig c = Configs.build(
                file(
                        "dl.yaml",
                        "data:\n  binarization: none\nmodel:\n  likelihood: discretized-logistic\n"
                                + "  mixtureComponents: 5\n"),
                Map.of());
        assertThat(likelihood(c).kind()).isEqualTo(LikelihoodKind.DISCRETIZED_LOGISTIC);
        assertThat(likelihood(c).mixtureComponents()).isEqualTo(5);
        assertThat(Configs.toJson(c)).contains("\"discretized-logistic\"");
        assertThat(Configs.read(file("config.json", Configs.toJson(c)))).isEqualTo(c);
        assertThat(likelihood(Configs.defaults()).mixtureComponents()).isEqualTo(1);

        assertThatThrownBy(() -> Configs.build(null, Map.of("model.mixtureComponents", 0)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.mixtureComponents must be >= 1, got 0");
        assertThatThrownBy(() -> Configs.build(null, Map.of("model.mixtureComponents", 3)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("applies to the discretized-logistic likelihood only");
        assertThatThrownBy(() -> Configs.build(null, Map.of("model.likelihood", "discretized-logistic")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("set data.binarization (--binarize) to none");
    }

    @Test
    void aRunConfigSavedBeforeLaterFieldsExistedStillReads() throws Exception {
        ObjectNode tree = (ObjectNode) Configs.json().valueToTree(Configs.defaults());
        ((ObjectNode) tree.get("objective")).remove("freeBits");
        ((ObjectNode) tree.get("data")).remove(List.of("labelColumn", "columns", "schema"));
        ((ObjectNode) tree.get("model")).remove("mixtureComponents");
        String old = tree.toString();
        assertThat(old)
                .doesNotContain("freeBits")
                .doesNotContain("labelColumn")
                .doesNotContain("columns")
                .doesNotContain("mixtureComponents");

        assertThat(Configs.read(file("config.json", old))).isEqualTo(Configs.defaults());
    }

    @Test
    void aSavedConfigLackingAFieldThatAlwaysExistedIsRefused() throws Exception {
        for (String type : dev.vaekit.models.ModelFamilies.types()) {
            ObjectNode full = Configs.defaultsTree(type);
            int refused = 0;
            for (var section : full.properties()) {
                for (String field : section.getValue().propertyNames()) {
                    ObjectNode damaged = full.deepCopy();
                    ((ObjectNode) damaged.get(section.getKey())).remove(field);
                    Path f = file("config.json", damaged.toString());
                    String path = section.getKey() + "." + field;
                    if (Configs.ADDED_FIELDS.containsKey(path) || path.equals("model.type")) {
                        continue;
                    }
                    assertThatThrownBy(() -> Configs.read(f))
                            .as(type + " without " + path)
                            .isInstanceOf(InvalidInputException.class)
                            .hasMessage(f + ": missing field '" + path + "'");
                    refused++;
                }
            }
            assertThat(refused).as(type).isGreaterThan(10);
            ObjectNode noTraining = full.deepCopy();
            noTraining.remove("training");
            Path f = file("config.json", noTraining.toString());
            assertThatThrownBy(() -> Configs.read(f)).hasMessageContaining("'training' is missing");
        }
    }

    @Test
    void aPlainAutoencoderTakesOnlyTheDefaultObjectiveAndRoundTrips() {
        RunConfig ae = Configs.build(null, Map.of("model.type", "dense-ae"));
        assertThat(ae.model().type()).isEqualTo("dense-ae");
        assertThat(Configs.parseJson(Configs.toJson(ae), RunConfig.class, "ae.json"))
                .isEqualTo(ae);

        for (Map.Entry<String, Object> vaeOnly : List.<Map.Entry<String, Object>>of(
                Map.entry("objective.samples", 5),
                Map.entry("objective.beta", 0.5),
                Map.entry("objective.warmupEpochs", 2.0),
                Map.entry("objective.freeBits", 0.5),
                Map.entry("objective.estimator", "iwae"))) {
            Map<String, Object> overrides = new LinkedHashMap<>();
            overrides.put("model.type", "dense-ae");
            overrides.put(vaeOnly.getKey(), vaeOnly.getValue());

            assertThatThrownBy(() -> Configs.build(null, overrides))
                    .as(vaeOnly.getKey())
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("apply to VAEs")
                    .hasMessageContaining("dense-ae");
        }
    }

    @Test
    void aValueOfTheWrongTypeNamesTheField() throws Exception {
        Path f = file("c.json", "{\"training\": {\"epochs\": \"many\"}}");

        assertThatThrownBy(() -> Configs.build(f, Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'training.epochs'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void anUnknownChoiceListsTheValidOnes() throws Exception {
        Path f = file("c.json", "{\"objective\": {\"estimator\": \"c\"}}");

        assertThatThrownBy(() -> Configs.build(f, Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown estimator 'c'; expected one of [a, b, iwae, miwae, ciwae, piwae]");
    }

    @Test
    void nullForANumberIsRefused() throws Exception {
        Path f = file("c.json", "{\"model\": {\"latentDim\": null}}");

        assertThatThrownBy(() -> Configs.build(f, Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("latentDim");
    }

    @Test
    void emptyFilesAreRefused() throws Exception {
        Path json = file("empty.json", "");
        Path yaml = file("empty.yaml", "");

        assertThatThrownBy(() -> Configs.build(json, Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(json + ": the file is empty");
        assertThatThrownBy(() -> Configs.build(yaml, Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(yaml.toString())
                .hasMessageContaining("empty");
    }

    @Test
    void malformedJsonGivesOneLineWithTheFileAndLine() throws Exception {
        Path f = file("bad.json", "{\n  \"model\": {\n    \"latentDim\": 3,,\n  }\n}\n");

        assertThatThrownBy(() -> Configs.build(f, Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(f + ":3: not valid JSON: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void malformedYamlGivesOneLine() throws Exception {
        Path f = file("bad.yaml", "model:\n  hidden: [200, 100\ntraining:\n  epochs: 3\n");

        assertThatThrownBy(() -> Configs.build(f, Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("not valid YAML")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aFileThatIsNotAMappingIsRefused() throws Exception {
        Path f = file("list.yaml", "- 1\n- 2\n");

        assertThatThrownBy(() -> Configs.build(f, Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("expected a mapping");
    }

    @Test
    void aMissingFileIsNamed() {
        Path f = dir.resolve("nope.json");

        assertThatThrownBy(() -> Configs.build(f, Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(f + ": no such file");
    }

    @Test
    void readingASavedConfigMergesNoDefaults() throws Exception {
        Path f = file("config.json", "{\"training\": {\"epochs\": 3}}");

        assertThatThrownBy(() -> Configs.read(f))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(f.toString());
    }

    @Test
    void parseJsonTurnsSyntaxErrorsIntoOneLine() {
        assertThatThrownBy(() -> Configs.parseJson("{\"epoch\": ", dev.vaekit.train.TrainerState.class, "state.json"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("state.json: not valid JSON: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
