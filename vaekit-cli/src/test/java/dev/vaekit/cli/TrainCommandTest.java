package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vaekit.data.Binarization;
import dev.vaekit.data.ColumnKind;
import dev.vaekit.flows.FlowNormalization;
import dev.vaekit.models.FlowConfig;
import dev.vaekit.models.FlowScale;
import dev.vaekit.models.FlowTransform;
import dev.vaekit.models.GaussianVariance;
import dev.vaekit.models.LikelihoodKind;
import dev.vaekit.models.ModelConfigJson;
import dev.vaekit.models.ModelFamilies;
import dev.vaekit.models.PosteriorFlowKind;
import dev.vaekit.models.PriorKind;
import dev.vaekit.models.VaeConfig;
import dev.vaekit.nn.ActivationKind;
import dev.vaekit.objectives.Estimator;
import dev.vaekit.train.Checkpoint;
import dev.vaekit.train.Configs;
import dev.vaekit.train.EpochMetrics;
import dev.vaekit.train.LrSchedule;
import dev.vaekit.train.MetricsLog;
import dev.vaekit.train.RunConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import tools.jackson.databind.JsonNode;

class TrainCommandTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path run;
    private static Cli.Result training;

    @BeforeAll
    static void trainTwoEpochs() {
        run = shared.resolve("run");
        training = Cli.ok(smallRun("--epochs", "2", "--out", run.toString()));
    }

    /** {@code train} of a 784-64-8 VAE on mnist-mini, then the given flags. */
    private static String[] smallRun(String... flags) {
        List<String> args =
                new ArrayList<>(List.of("train", "--dataset", "mnist-mini", "--hidden", "64", "--latent-dim", "8"));
        args.addAll(List.of(flags));
        return args.toArray(String[]::new);
    }

    private static VaeConfig vae(RunConfig c) {
        return c.model().family(VaeConfig.class);
    }

    private static FlowConfig flow(RunConfig c) {
        return c.model().family(FlowConfig.class);
    }

    /** Dotted paths of the leaves of a JSON tree. */
    private static void leaves(JsonNode node, String prefix, List<String> out) {
        if (node.isObject() && !prefix.equals("data.columns")) { // a map of the user's keys is one field
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                leaves(e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), out);
            }
        } else {
            out.add(prefix);
        }
    }

    @Test
    void fieldsMapEachConfigFlagToOneRealConfigFieldAndBack() {
        CommandLine cli = new CommandLine(new TrainCommand());
        // the fields of every section and of every registered family's model section
        Set<String> configFields = new HashSet<>();
        for (String type : ModelFamilies.types()) {
            List<String> leaves = new ArrayList<>();
            leaves(Configs.defaultsTree(type), "", leaves);
            configFields.addAll(leaves);
        }

        // every flag named in FIELDS is an option of the command
        for (String flag : TrainCommand.FIELDS.keySet()) {
            assertThat(cli.getCommandSpec().findOption(flag)).as(flag).isNotNull();
        }
        // one to one: no field is set by two flags
        assertThat(new HashSet<>(TrainCommand.FIELDS.values())).hasSize(TrainCommand.FIELDS.size());
        // every target is a real field, and every field but the data-derived input shape and schema has a flag
        Set<String> settable = new HashSet<>(configFields);
        settable.remove("model.inputShape");
        settable.remove("data.schema");
        settable.remove("data.sourceHash");
        assertThat(new HashSet<>(TrainCommand.FIELDS.values())).isEqualTo(settable);
        // and every option of the command that is not about files, output, the explorer or this invocation's resources
        // (threads, the time limit) sets a config field
        Set<String> other = Set.of(
                "--config",
                "--out",
                "--resume",
                "--init-from",
                "--init-weights",
                "--data-dir",
                "--quiet",
                "--debug",
                "--threads",
                "--time-limit",
                "--serve",
                "--host",
                "--port",
                "--points",
                "--help",
                "--version");
        for (OptionSpec o : cli.getCommandSpec().options()) {
            if (!other.contains(o.longestName())) {
                assertThat(TrainCommand.FIELDS).as("option %s", o.longestName()).containsKey(o.longestName());
            }
        }
    }

    private record FlagCase(String flag, String value, Function<RunConfig, Object> field, Object expected) {}

    @Test
    void everyConfigFlagSetsItsFieldWhenTheConfigIsBuilt() {
        List<FlagCase> cases = List.of(
                new FlagCase("--dataset", "csv:/data/t.csv", c -> c.data().dataset(), "csv:/data/t.csv"),
                new FlagCase("--binarize", "static", c -> c.data().binarization(), Binarization.STATIC),
                new FlagCase("--validation", "0.25", c -> c.data().validationFraction(), 0.25),
                new FlagCase("--binarize-seed", "9", c -> c.data().binarizationSeed(), 9L),
                new FlagCase("--label-column", "kind", c -> c.data().labelColumn(), "kind"),
                new FlagCase("--channels", "1", c -> c.data().channels(), 1),
                new FlagCase("--image-size", "48", c -> c.data().imageSize(), 48),
                new FlagCase("--strict", "true", c -> c.data().strict(), true),
                new FlagCase("--column", "id=ignore", c -> c.data().columns(), Map.of("id", ColumnKind.IGNORE)),
                new FlagCase("--model", "conv-vae", c -> c.model().type(), "conv-vae"),
                new FlagCase("--latent-dim", "7", c -> c.model().latentDim(), 7),
                new FlagCase("--hidden", "200,100", c -> c.model().hidden(), List.of(200, 100)),
                new FlagCase("--activation", "tanh", c -> c.model().activation(), ActivationKind.TANH),
                new FlagCase(
                        "--likelihood", "gaussian", c -> vae(c).likelihood().kind(), LikelihoodKind.GAUSSIAN),
                new FlagCase(
                        "--variance",
                        "per-dimension",
                        c -> vae(c).likelihood().variance(),
                        GaussianVariance.PER_DIMENSION),
                new FlagCase("--sigma", "0.3", c -> vae(c).likelihood().sigma(), 0.3),
                new FlagCase(
                        "--mixture-components", "5", c -> vae(c).likelihood().mixtureComponents(), 5),
                new FlagCase("--residual-blocks", "3", c -> c.model().residualBlocks(), 3),
                new FlagCase("--prior", "vamp", c -> vae(c).prior(), PriorKind.VAMP),
                new FlagCase("--pseudo-inputs", "50", c -> vae(c).pseudoInputs(), 50),
                new FlagCase("--condition-classes", "10", c -> vae(c).conditionClasses(), 10),
                new FlagCase("--pixel-layers", "6", c -> vae(c).pixelLayers(), 6),
                new FlagCase("--pixel-channels", "16", c -> vae(c).pixelChannels(), 16),
                new FlagCase("--posterior-flow", "iaf", c -> vae(c).posteriorFlow(), PosteriorFlowKind.IAF),
                new FlagCase("--flow-length", "8", c -> vae(c).flowLength(), 8),
                new FlagCase("--prior-flow-length", "2", c -> vae(c).priorFlowLength(), 2),
                new FlagCase("--flow-hidden", "64", c -> vae(c).flowHidden(), 64),
                new FlagCase("--flow-levels", "3", c -> flow(c).flowLevels(), 3),
                new FlagCase("--flow-norm", "batchnorm", c -> flow(c).flowNorm(), FlowNormalization.BATCHNORM),
                new FlagCase("--flow-transform", "logit", c -> flow(c).flowTransform(), FlowTransform.LOGIT),
                new FlagCase("--flow-scale", "sigmoid", c -> flow(c).flowScale(), FlowScale.SIGMOID),
                new FlagCase("--flow-base-dof", "1000", c -> flow(c).flowBaseDof(), 1000.0),
                new FlagCase("--dequantize", "true", c -> flow(c).dequantize(), true),
                new FlagCase("--estimator", "a", c -> c.objective().estimator(), Estimator.A),
                new FlagCase("--samples", "5", c -> c.objective().samples(), 5),
                new FlagCase("--beta", "0.5", c -> c.objective().beta(), 0.5),
                new FlagCase("--warmup-epochs", "2.5", c -> c.objective().warmupEpochs(), 2.5),
                new FlagCase("--free-bits", "0.25", c -> c.objective().freeBits(), 0.25),
                new FlagCase("--groups", "3", c -> c.objective().groups(), 3),
                new FlagCase("--ciwae-beta", "0.25", c -> c.objective().ciwaeBeta(), 0.25),
                new FlagCase("--epochs", "3", c -> c.training().epochs(), 3),
                new FlagCase("--batch-size", "32", c -> c.training().batchSize(), 32),
                new FlagCase("--lr", "0.01", c -> c.training().learningRate(), 0.01),
                new FlagCase("--adam-beta1", "0.8", c -> c.training().adamBeta1(), 0.8),
                new FlagCase("--adam-beta2", "0.99", c -> c.training().adamBeta2(), 0.99),
                new FlagCase("--schedule", "cosine", c -> c.training().schedule(), LrSchedule.COSINE),
                new FlagCase("--lr-decay", "0.5", c -> c.training().lrDecay(), 0.5),
                new FlagCase("--clip-norm", "2.5", c -> c.training().clipNorm(), 2.5),
                new FlagCase("--patience", "4", c -> c.training().patience(), 4),
                new FlagCase("--seed", "123", c -> c.training().seed(), 123L),
                new FlagCase("--ema-decay", "0.999", c -> c.training().emaDecay(), 0.999),
                new FlagCase("--batches-per-epoch", "500", c -> c.training().batchesPerEpoch(), 500));
        Set<String> covered = new HashSet<>(familyFlags().keySet());
        cases.forEach(f -> covered.add(f.flag()));
        assertThat(covered)
                .as("every flag has a case here or is a family field checked by everyFamilyFlagSetsItsFieldOnItsFamily")
                .containsExactlyInAnyOrderElementsOf(TrainCommand.FIELDS.keySet());
        List<String> failures = new ArrayList<>();
        for (FlagCase f : cases) {
            TrainCommand command = new TrainCommand();
            new CommandLine(command).parseArgs(f.flag(), f.value());
            try {
                Map<String, Object> overrides = command.overrides();
                assertThat(overrides).as(f.flag()).containsOnlyKeys(TrainCommand.FIELDS.get(f.flag()));
                // K > 1 is only valid with the likelihood it belongs to, so that one flag is built on top of it
                Map<String, Object> built = new LinkedHashMap<>(overrides);
                if (f.flag().equals("--mixture-components")) {
                    built.put("model.likelihood", "discretized-logistic");
                    built.put("data.binarization", "none");
                }
                // the VampPrior and flow posteriors have no closed-form KL for estimator b
                // stand-alone flows on 8-bit data only; normalization and scale are a RealNVP's, the base a flow's
                if (f.flag().equals("--dequantize")
                        || f.flag().equals("--flow-levels")
                        || f.flag().equals("--flow-norm")
                        || f.flag().equals("--flow-scale")
                        || f.flag().equals("--flow-base-dof")) {
                    built.put("model.type", "realnvp");
                    built.put("data.binarization", "none");
                }
                if (f.flag().equals("--flow-transform")) { // a transform of dequantized 8-bit data
                    built.put("model.type", "glow");
                    built.put("model.dequantize", true);
                    built.put("data.binarization", "none");
                }
                if (f.flag().startsWith("--channels")
                        || f.flag().equals("--image-size")
                        || f.flag().equals("--strict")) { // settings of a folder of images
                    built.put("data.dataset", "folder:/images");
                    built.put("data.binarization", "none");
                }
                if (f.flag().equals("--lr-decay")) { // only the exponential schedule has a decay
                    built.put("training.schedule", "exponential");
                }
                if (f.flag().equals("--prior") || f.flag().equals("--posterior-flow")) {
                    built.put("objective.estimator", "a");
                }
                if (f.flag().equals("--groups")) { // M groups are the MIWAE and PIWAE bounds'
                    built.put("objective.estimator", "miwae");
                }
                if (f.flag().equals("--ciwae-beta")) {
                    built.put("objective.estimator", "ciwae");
                }
                RunConfig c = Configs.build(null, built);
                assertThat(f.field().apply(c)).as(f.flag()).isEqualTo(f.expected());
                // the same config without the flag holds another value: the flag, not the context, set it
                Map<String, Object> without = new LinkedHashMap<>(built);
                without.remove(TrainCommand.FIELDS.get(f.flag()));
                assertThat(f.field().apply(Configs.build(null, without)))
                        .as(f.flag() + " default")
                        .isNotEqualTo(f.expected());
            } catch (RuntimeException | AssertionError e) {
                failures.add(f.flag() + " " + f.value() + ": "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        assertThat(failures).as("flags that do not set their field").isEmpty();
    }

    /**
     * The flags of fields that only some families' configs have and that {@link
     * #everyConfigFlagSetsItsFieldWhenTheConfigIsBuilt} does not list: flag → the first registered model type whose
     * config has the field. A new family's flags are checked without a case written for them.
     */
    private static Map<String, String> familyFlags() {
        Map<String, String> owners = new LinkedHashMap<>();
        for (ConfigFlags.Flag flag : ConfigFlags.all()) {
            String field = flag.path().substring("model.".length());
            if (!flag.path().startsWith("model.") || isCore(flag) || HAND_LISTED_FAMILY_FLAGS.contains(flag.name())) {
                continue;
            }
            ModelFamilies.types().stream()
                    .filter(t -> ModelConfigJson.defaults(t).has(field))
                    .findFirst()
                    .ifPresent(t -> owners.put(flag.name(), t));
        }
        return owners;
    }

    /** Family flags that the hand-written cases above check, with the context their field needs. */
    private static final Set<String> HAND_LISTED_FAMILY_FLAGS = Set.of(
            "--likelihood",
            "--variance",
            "--sigma",
            "--mixture-components",
            "--prior",
            "--pseudo-inputs",
            "--condition-classes",
            "--pixel-layers",
            "--pixel-channels",
            "--posterior-flow",
            "--flow-length",
            "--prior-flow-length",
            "--flow-hidden",
            "--flow-levels",
            "--flow-norm",
            "--flow-transform",
            "--flow-scale",
            "--flow-base-dof",
            "--dequantize");

    /** @return whether the flag sets a field of {@link dev.vaekit.models.ModelConfig} itself, which every type has */
    private static boolean isCore(ConfigFlags.Flag flag) {
        return java.util.Arrays.stream(dev.vaekit.models.ModelConfig.class.getRecordComponents())
                .anyMatch(c -> flag.path().equals("model." + ModelConfigJson.name(c)));
    }

    /** A valid value other than the default, for a family field of a simple type; null when there is none to guess. */
    private static String otherValue(ConfigFlags.Flag flag, JsonNode defaultValue) {
        Class<?> type = flag.type();
        if (type.isEnum()) {
            for (Object constant : type.getEnumConstants()) {
                String text = Configs.json().valueToTree(constant).asString();
                if (!text.equals(defaultValue.asString())) {
                    return text;
                }
            }
        } else if (type == int.class || type == long.class) {
            return Long.toString(defaultValue.asLong() + 1);
        } else if (type == double.class) {
            double d = defaultValue.asDouble();
            return Double.toString(d == 0 ? 0.5 : d / 2);
        } else if (type == boolean.class) {
            return Boolean.toString(!defaultValue.asBoolean());
        } else if (List.class.isAssignableFrom(type) && defaultValue.isArray() && !defaultValue.isEmpty()) {
            // a list of whole numbers (layer widths, latent sizes, category counts): each one larger
            List<String> larger = new ArrayList<>();
            for (JsonNode v : defaultValue) {
                if (!v.isIntegralNumber()) {
                    return null;
                }
                larger.add(Long.toString(v.asLong() + 1));
            }
            return String.join(",", larger);
        }
        return null;
    }

    @Test
    void everyFamilyFlagSetsItsFieldOnItsFamily() {
        assertThat(familyFlags()).as("family flags without a hand-written case").isNotEmpty();
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, String> e : familyFlags().entrySet()) {
            ConfigFlags.Flag flag = ConfigFlags.all().stream()
                    .filter(f -> f.name().equals(e.getKey()))
                    .findFirst()
                    .orElseThrow();
            String field = flag.path().substring("model.".length());
            String type = e.getValue();
            JsonNode defaultValue = ModelConfigJson.defaults(type).get(field);
            String value = otherValue(flag, defaultValue);
            if (value == null) {
                failures.add(flag.name() + ": no case, and no value to guess for a "
                        + flag.type().getSimpleName());
                continue;
            }
            try {
                TrainCommand command = new TrainCommand();
                new CommandLine(command).parseArgs(flag.name(), value);
                Map<String, Object> built = new LinkedHashMap<>(command.overrides());
                assertThat(built).as(flag.name()).containsOnlyKeys(flag.path());
                built.put("model.type", type);
                RunConfig c = Configs.build(null, built);
                assertThat(ModelConfigJson.flatten(c.model()).get(field))
                        .as(flag.name() + " on " + type)
                        .isNotEqualTo(defaultValue)
                        .isEqualTo(Configs.json()
                                .readTree(
                                        flag.type() == String.class
                                                        || flag.type().isEnum()
                                                ? "\"" + value + "\""
                                                : List.class.isAssignableFrom(flag.type())
                                                        ? "[" + value + "]"
                                                        : value));
            } catch (RuntimeException | AssertionError ex) {
                failures.add(flag.name() + " " + value + " on " + type + ": "
                        + ex.getMessage().lines().findFirst().orElse(""));
            }
        }
        assertThat(failures).as("family flags that do not set their field").isEmpty();
    }

    @Test
    void aTwoEpochRunWritesTheWholeRunFolder() throws Exception {
        for (String f : List.of(
                "config.json",
                "weights.safetensors",
                "optimizer.safetensors",
                "trainer-state.json",
                "manifest.json",
                "metrics.jsonl",
                "loss.png")) {
            assertThat(run.resolve(f)).as(f).isRegularFile();
            assertThat(Files.size(run.resolve(f))).as(f).isPositive();
        }
        assertThat(Files.readAllLines(run.resolve("metrics.jsonl"))).hasSize(2);
        assertThat(MetricsLog.read(run.resolve(MetricsLog.FILE)))
                .extracting(EpochMetrics::epoch)
                .containsExactly(1, 2);
        assertThat(Checkpoint.verify(run).epochsDone()).isEqualTo(2);
        RunConfig saved = Configs.read(run.resolve("config.json"));
        assertThat(saved.model().hidden()).containsExactly(64);
        assertThat(saved.model().latentDim()).isEqualTo(8);
        assertThat(saved.model().inputShape()).containsExactly(1, 28, 28);
        assertThat(saved.training().epochs()).isEqualTo(2);
        assertThat(ImageIO.read(run.resolve("loss.png").toFile())).isNotNull();
        assertThat(training.out()).contains("run folder: " + run);
        assertThat(training.err()).contains("epoch   1").contains("epoch   2").contains("-elbo");
    }

    @Test
    void resumeContinuesTheRun() throws Exception {
        Path copy = Cli.copy(run, dir.resolve("resumed"));
        String firstEpoch = Files.readAllLines(copy.resolve("metrics.jsonl")).get(0);

        Cli.Result r = Cli.ok("train", "--out", copy.toString(), "--resume", "--epochs", "3");

        assertThat(r.err())
                .contains("resuming after epoch 2")
                .contains("epoch   3")
                .doesNotContain("epoch   1");
        assertThat(Checkpoint.verify(copy).epochsDone()).isEqualTo(3);
        List<String> lines = Files.readAllLines(copy.resolve("metrics.jsonl"));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo(firstEpoch);
        RunConfig saved = Configs.read(copy.resolve("config.json"));
        assertThat(saved.training().epochs()).isEqualTo(3);
        assertThat(saved.model().hidden()).containsExactly(64);
    }

    @Test
    void aTimeLimitStopsAfterAnEpochAndLeavesARunThatResumes() throws Exception {
        Path copy = Cli.copy(run, dir.resolve("limited"));

        Cli.Result r = Cli.ok("train", "--out", copy.toString(), "--resume", "--epochs", "500", "--time-limit", "1s");

        int done = Checkpoint.verify(copy).epochsDone();
        assertThat(done).as("epochs done").isBetween(3, 499);
        assertThat(r.err())
                .contains("time limit: stopped after epoch " + done + ", ")
                .contains("another epoch would pass 1s");
        assertThat(Files.readAllLines(copy.resolve("metrics.jsonl"))).hasSize(done);
        Cli.ok("train", "--out", copy.toString(), "--resume", "--epochs", String.valueOf(done + 1), "--quiet");
        assertThat(Checkpoint.verify(copy).epochsDone()).isEqualTo(done + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1x", "90", "m", "0m", "1h-5m"})
    void aTimeLimitThatIsNotADurationIsOneLineOfBadInput(String value) {
        String line = Cli.assertBadInput(
                Cli.run("train", "--dataset", "mnist-mini", "--epochs", "1", "--quiet", "--time-limit", value));

        assertThat(line).contains("--time-limit").contains("'" + value + "'");
    }

    @Test
    void resumeAcceptsNoOtherConfigFlag() {
        Path copy = Cli.copy(run, dir.resolve("resumed"));

        String line = Cli.assertBadInput(
                Cli.run("train", "--out", copy.toString(), "--resume", "--batch-size", "7", "--lr", "0.1"));

        assertThat(line)
                .contains("only --epochs, --lr, --schedule, --lr-decay and --ema-decay may be given")
                .contains("(got --batch-size)");
        assertThat(Cli.assertBadInput(
                        Cli.run("train", "--out", copy.toString(), "--resume", "--epochs", "3", "--lr-decay", "0.5")))
                .contains("training.lrDecay applies only to the exponential schedule");
    }

    @Test
    void resumeMayChangeTheLearningRateSchedule() throws Exception {
        Path copy = Cli.copy(run, dir.resolve("rescheduled"));

        Cli.ok(
                "train",
                "--out",
                copy.toString(),
                "--resume",
                "--epochs",
                "4",
                "--schedule",
                "exponential",
                "--lr",
                "0.004",
                "--lr-decay",
                "0.5",
                "--quiet");

        RunConfig saved = Configs.read(copy.resolve("config.json"));
        assertThat(saved.training().schedule()).isEqualTo(LrSchedule.EXPONENTIAL);
        assertThat(saved.training().learningRate()).isEqualTo(0.004);
        // epochs 1-2 at the original constant rate; epochs 3 and 4 (0-based 2, 3) at 0.004 · 0.5^e
        List<Double> rates = Files.readAllLines(copy.resolve("metrics.jsonl")).stream()
                .map(l -> Configs.json().readTree(l).get("learningRate").asDouble())
                .toList();
        assertThat(rates).containsExactly(1e-3, 1e-3, 0.001, 0.0005);
    }

    @Test
    void resumeMayStartAveragingTheWeightsWhichTheCommandsThenUse() throws Exception {
        Path copy = Cli.copy(run, dir.resolve("averaged"));

        Cli.ok("train", "--out", copy.toString(), "--resume", "--epochs", "3", "--ema-decay", "0.99", "--quiet");

        assertThat(Configs.read(copy.resolve("config.json")).training().emaDecay())
                .isEqualTo(0.99);
        assertThat(Checkpoint.verify(copy).files()).containsKey(Checkpoint.AVERAGED_WEIGHTS);
        // the run has validation data, so "best" stays the best epoch's; the average is asked for by name
        Cli.Result averaged = Cli.ok("eval", copy.toString(), "--weights", "averaged", "--k", "5", "--eval-size", "20");
        assertThat(averaged.out()).contains("weights averaged over training to epoch 3 (decay 0.99)");
        String line = Cli.assertBadInput(
                Cli.run("eval", run.toString(), "--weights", "averaged", "--k", "5", "--eval-size", "20"));
        assertThat(line).contains("keeps no average of its weights");
        assertThat(Cli.assertBadInput(Cli.run("train", "--ema-decay", "1", "--quiet")))
                .contains("training.emaDecay must be in [0, 1)");
    }

    @Test
    void freeBitsWithAnEstimatorOtherThanBIsOneLineOfBadInput() {
        String line = Cli.assertBadInput(
                Cli.run("train", "--estimator", "iwae", "--samples", "5", "--free-bits", "0.5", "--quiet"));

        assertThat(line).contains("objective.freeBits needs estimator b").contains("iwae");
    }

    @Test
    void aWarmStartBeginsFromTheOtherRunsWeightsAndLeavesThemAlone() throws Exception {
        byte[] sourceWeights = Files.readAllBytes(run.resolve("weights.safetensors"));
        Path warm = dir.resolve("warm");

        Cli.ok(smallRun(
                "--init-from",
                run.toString(),
                "--epochs",
                "1",
                "--schedule",
                "exponential",
                "--lr-decay",
                "0.5",
                "--quiet",
                "--out",
                warm.toString()));

        // the source's second epoch ended lower than its first began; a warm start's first epoch starts there
        double coldFirst = MetricsLog.read(run.resolve(MetricsLog.FILE)).get(0).trainLoss();
        double warmFirst = MetricsLog.read(warm.resolve(MetricsLog.FILE)).get(0).trainLoss();
        assertThat(warmFirst).isLessThan(coldFirst - 5);
        JsonNode provenance = Configs.json().readTree(Files.readString(warm.resolve("init-from.json")));
        assertThat(provenance.get("epochs").asInt()).isEqualTo(2);
        assertThat(provenance.get("run").asString()).endsWith("run");
        assertThat(Files.readAllBytes(run.resolve("weights.safetensors"))).isEqualTo(sourceWeights);
        assertThat(Checkpoint.verify(warm).epochsDone()).isEqualTo(1);
    }

    @Test
    void aWarmStartNeedsTheSameArchitecture() {
        String line = Cli.assertBadInput(Cli.run(
                "train",
                "--init-from",
                run.toString(),
                "--dataset",
                "mnist-mini",
                "--hidden",
                "32",
                "--latent-dim",
                "8",
                "--epochs",
                "1",
                "--quiet",
                "--out",
                dir.resolve("other").toString()));

        assertThat(line).contains("model section differs");
        String orphan = Cli.assertBadInput(
                Cli.run("train", "--init-weights", "averaged", "--dataset", "mnist-mini", "--epochs", "1", "--quiet"));
        assertThat(orphan).contains("give --init-from");
    }

    @Test
    void anLrDecayWithoutTheExponentialScheduleIsOneLineOfBadInput() {
        // it used to train at a constant rate without a word
        String line = Cli.assertBadInput(Cli.run("train", "--lr-decay", "0.5", "--epochs", "1", "--quiet"));

        assertThat(line)
                .contains("lrDecay applies only to the exponential schedule")
                .contains("constant");
    }

    @Test
    void resumeNeedsOut() {
        assertThat(Cli.assertBadInput(Cli.run("train", "--resume"))).contains("--resume needs --out");
    }

    @Test
    void trainingIntoAFolderWithACheckpointNeedsResume() throws Exception {
        Path copy = Cli.copy(run, dir.resolve("existing"));
        byte[] weights = Files.readAllBytes(copy.resolve("weights.safetensors"));

        String line = Cli.assertBadInput(
                Cli.run("train", "--dataset", "mnist-mini", "--epochs", "1", "--quiet", "--out", copy.toString()));

        assertThat(line).contains("already holds a checkpoint").contains("--resume");
        assertThat(Files.readAllBytes(copy.resolve("weights.safetensors"))).isEqualTo(weights);
    }

    @Test
    void aConfigFileSuppliesWhatTheFlagsDoNotSet() throws Exception {
        Path csv = dir.resolve("table.csv");
        StringBuilder sb = new StringBuilder("a,b,c,d\n");
        for (int i = 0; i < 40; i++) {
            sb.append(i % 2)
                    .append(',')
                    .append((i / 2) % 2)
                    .append(",0.5,")
                    .append(i % 3 == 0 ? 1 : 0)
                    .append('\n');
        }
        Files.writeString(csv, sb);
        Path yaml = dir.resolve("run.yaml");
        Files.writeString(
                yaml,
                "data:\n  dataset: csv:" + csv + "\nmodel:\n  hidden: [6]\n  latentDim: 2\n"
                        + "training:\n  epochs: 5\n  batchSize: 8\n");
        Path out = dir.resolve("csv-run");

        Cli.ok("train", "--config", yaml.toString(), "--epochs", "2", "--quiet", "--out", out.toString());

        RunConfig saved = Configs.read(out.resolve("config.json"));
        assertThat(saved.model().hidden()).containsExactly(6);
        assertThat(saved.training().batchSize()).isEqualTo(8);
        assertThat(saved.training().epochs()).isEqualTo(2);
        assertThat(saved.model().inputShape()).containsExactly(1, 1, 4);
        assertThat(Files.readAllLines(out.resolve("metrics.jsonl"))).hasSize(2);
    }

    @Test
    void quietPrintsNoProgress() throws Exception {
        Path csv = dir.resolve("t.csv");
        Files.writeString(csv, "a,b\n0,1\n1,0\n0.5,0.5\n1,1\n0,0\n");
        Cli.Result r = Cli.trainTiny(dir.resolve("q"), "--dataset", "csv:" + csv);

        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("run folder:");
        // without a validation set the curves are still drawn (the NaN validation losses read back from the log)
        assertThat(dir.resolve("q").resolve("loss.png")).isRegularFile();
    }
}
