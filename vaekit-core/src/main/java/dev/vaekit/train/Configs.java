package dev.vaekit.train;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.Binarization;
import dev.vaekit.data.DataConfig;
import dev.vaekit.data.Datasets;
import dev.vaekit.models.GaussianVariance;
import dev.vaekit.models.LikelihoodKind;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.nn.ActivationKind;
import dev.vaekit.objectives.Estimator;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.util.InputFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads and writes configs. A config file (JSON or YAML) need only name what differs from {@link #defaults()}; it is
 * merged onto them, then command-line overrides (dotted paths such as {@code training.epochs}) are applied, then the
 * records validate the result. Unknown fields are errors, never silently ignored.
 */
public final class Configs {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private Configs() {}

    /** @return the shared JSON mapper (indented output, strict input) */
    public static ObjectMapper json() {
        return JSON;
    }

    /** The exponential schedule's default per-epoch factor. */
    public static final double DEFAULT_LR_DECAY = 0.95;

    /** @return the defaults: a 784-400-20 ReLU Bernoulli VAE on mnist-mini, estimator B, Adam 1e-3, batch 128 */
    public static RunConfig defaults() {
        return new RunConfig(
                new DataConfig("mnist-mini", Binarization.DYNAMIC, 0.1, 0),
                new ModelConfig(
                        "dense-vae",
                        null,
                        20,
                        List.of(400),
                        ActivationKind.RELU,
                        LikelihoodKind.BERNOULLI,
                        GaussianVariance.FIXED,
                        0.1),
                new ObjectiveConfig(Estimator.B, 1, 1.0, 0, 0),
                new TrainingConfig(10, 128, 1e-3, 0.9, 0.999, LrSchedule.CONSTANT, DEFAULT_LR_DECAY, 0, 0, 1, 0));
    }

    /**
     * Builds a run config: defaults, then the file (if any), then the overrides.
     *
     * @param file a JSON or YAML config, or null
     * @param overrides dotted field path → value (String, Number, Boolean or List), applied in order
     * @return the validated config
     */
    public static RunConfig build(Path file, Map<String, Object> overrides) {
        ObjectNode tree = (ObjectNode) JSON.valueToTree(defaults());
        String origin = "defaults";
        boolean decayGiven = overrides.containsKey("training.lrDecay");
        if (file != null) {
            origin = file.toString();
            JsonNode user = readTree(file);
            if (!user.isObject()) {
                throw new InvalidInputException(
                        file + ": expected a mapping with sections data, model, objective, training");
            }
            decayGiven |= user.path("training").has("lrDecay");
            merge(tree, (ObjectNode) user, "", file);
        }
        for (Map.Entry<String, Object> e : overrides.entrySet()) {
            set(tree, e.getKey(), e.getValue());
            origin = file == null ? "command line" : file + " and the command line";
        }
        RunConfig config = convert(tree, RunConfig.class, origin);
        checkDecay(config.training(), decayGiven, origin);
        return config;
    }

    /**
     * Refuses a decay that would be ignored. A saved config.json (a common template) holds the default decay beside
     * its schedule, so only a decay that differs from the default counts as asked for. Found in a benchmark:
     * --lr-decay without --schedule exponential trained at a constant rate, silently.
     */
    private static void checkDecay(TrainingConfig training, boolean decayGiven, String origin) {
        if (decayGiven && training.lrDecay() != DEFAULT_LR_DECAY && training.schedule() != LrSchedule.EXPONENTIAL) {
            throw new InvalidInputException(origin + ": training.lrDecay applies only to the exponential schedule, but "
                    + "training.schedule is " + training.schedule().id()
                    + " (set schedule: exponential / --schedule exponential, or drop lrDecay)");
        }
    }

    /**
     * The fields a resumed run may change: how long it trains and its learning-rate schedule (for instance a constant
     * rate from here on, or a final decay), and whether it keeps a moving average of the weights. Everything else —
     * data, model, objective, batch size, Adam's betas, the seed — is the run's and stays as its config.json says.
     */
    public static final Set<String> RESUMABLE_FIELDS = Set.of(
            "training.epochs", "training.learningRate", "training.schedule", "training.lrDecay", "training.emaDecay");

    /**
     * The config a resumed run continues under: its saved config.json read exactly, with the given overrides applied.
     * A schedule is a function of the epoch counted from the run's start, so {@code schedule: exponential} with a new
     * rate r continues at r·decayᵉ; a constant schedule is the plain way to set the rate from here on.
     *
     * @param file the run's config.json
     * @param overrides dotted paths among {@link #RESUMABLE_FIELDS} → values
     * @return the validated config
     * @throws InvalidInputException if an override names another field, or the result is invalid
     */
    public static RunConfig resumed(Path file, Map<String, Object> overrides) {
        for (String key : overrides.keySet()) {
            if (!RESUMABLE_FIELDS.contains(key)) {
                throw new InvalidInputException("a resumed run keeps its " + key + "; only the epochs, the learning "
                        + "rate and its schedule, and the weight averaging may change");
            }
        }
        JsonNode tree = readTree(file);
        if (!tree.isObject()) {
            throw new InvalidInputException(
                    file + ": expected a mapping with sections data, model, objective, training");
        }
        fillAddedFields((ObjectNode) tree);
        String origin = file.toString();
        for (Map.Entry<String, Object> e : overrides.entrySet()) {
            set((ObjectNode) tree, e.getKey(), e.getValue());
            origin = file + " and the command line";
        }
        RunConfig config = convert(tree, RunConfig.class, origin);
        checkDecay(config.training(), overrides.containsKey("training.lrDecay"), origin);
        return config;
    }

    /**
     * Reads a saved run config exactly (no defaults merged).
     *
     * @param file config.json of a run
     * @return the config
     */
    public static RunConfig read(Path file) {
        JsonNode tree = readTree(file);
        if (tree.isObject()) {
            fillAddedFields((ObjectNode) tree);
        }
        return convert(tree, RunConfig.class, file.toString());
    }

    /**
     * Fields added to the config after run folders were first written, each with the value that keeps an older run
     * as it was trained (its feature off). A saved config lacking one reads as if it held that value; every other
     * field must be present.
     */
    private static final Map<String, Object> ADDED_FIELDS = Map.ofEntries(
            Map.entry("objective.freeBits", 0.0),
            Map.entry("data.labelColumn", Datasets.CSV_LABEL_COLUMN),
            Map.entry("data.columns", Map.of()),
            Map.entry("model.mixtureComponents", 1),
            Map.entry("model.residualBlocks", ModelConfig.DEFAULT_RESIDUAL_BLOCKS),
            Map.entry("model.prior", "standard"),
            Map.entry("model.pseudoInputs", ModelConfig.DEFAULT_PSEUDO_INPUTS),
            Map.entry("model.conditionClasses", 0),
            Map.entry("model.pixelLayers", ModelConfig.DEFAULT_PIXEL_LAYERS),
            Map.entry("model.pixelChannels", ModelConfig.DEFAULT_PIXEL_CHANNELS),
            Map.entry("model.posteriorFlow", "none"),
            Map.entry("model.flowLength", ModelConfig.DEFAULT_FLOW_LENGTH),
            Map.entry("model.priorFlowLength", ModelConfig.DEFAULT_FLOW_LENGTH),
            Map.entry("model.flowHidden", ModelConfig.DEFAULT_FLOW_HIDDEN),
            Map.entry("model.flowLevels", ModelConfig.DEFAULT_FLOW_LEVELS),
            Map.entry("model.dequantize", false),
            Map.entry("model.flowNorm", "actnorm"),
            Map.entry("model.flowTransform", "default"),
            Map.entry("model.flowScale", "default"),
            Map.entry("model.flowBaseDof", 0.0),
            Map.entry("training.emaDecay", 0.0));

    private static void fillAddedFields(ObjectNode tree) {
        for (Map.Entry<String, Object> e : ADDED_FIELDS.entrySet()) {
            String[] parts = e.getKey().split("\\.");
            if (tree.get(parts[0]) instanceof ObjectNode section && !section.has(parts[1])) {
                section.set(parts[1], JSON.valueToTree(e.getValue()));
            }
        }
    }

    /** @return the value as indented JSON */
    public static String toJson(Object value) {
        return JSON.writeValueAsString(value);
    }

    /** @return the value as YAML */
    public static String toYaml(Object value) {
        return YAML.writeValueAsString(value);
    }

    /**
     * Parses JSON text into a type, turning Jackson's errors into one-line messages.
     *
     * @param text JSON
     * @param type target
     * @param origin where the text came from
     * @return the value
     */
    public static <T> T parseJson(String text, Class<T> type, String origin) {
        try {
            JsonNode tree = JSON.readTree(text);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                // found by fuzzing: an empty manifest.json parsed to null and failed later with a NullPointerException
                throw new InvalidInputException(origin + ": empty; expected a JSON object");
            }
            return convert(tree, type, origin);
        } catch (JacksonException e) {
            throw new InvalidInputException(origin + ": not valid JSON: " + firstLine(e.getOriginalMessage()));
        }
    }

    private static JsonNode readTree(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : JSON;
        try {
            String text = InputFiles.readSmallText(file);
            JsonNode node = mapper.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new InvalidInputException(file + ": the file is empty");
            }
            return node;
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr();
            throw new InvalidInputException(file + where + ": not valid " + (mapper == YAML ? "YAML" : "JSON") + ": "
                    + firstLine(e.getOriginalMessage()));
        }
    }

    private static <T> T convert(JsonNode tree, Class<T> type, String origin) {
        try {
            return JSON.treeToValue(tree, type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvalidInputException invalid) {
                throw new InvalidInputException(origin + ": " + invalid.getMessage(), invalid);
            }
            throw new InvalidInputException(origin + ": " + firstLine(e.getOriginalMessage()), e);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidInputException(
                    origin + ": unknown field '" + path(e) + "'; known fields: " + e.getKnownPropertyIds());
        } catch (MismatchedInputException e) {
            if (e.getMessage() != null && e.getMessage().contains("FAIL_ON_NULL_FOR_PRIMITIVES")) {
                throw new InvalidInputException(origin + ": missing field '" + path(e) + "'");
            }
            Throwable cause = e.getCause();
            if (cause instanceof InvalidInputException invalid) {
                throw new InvalidInputException(origin + ": " + invalid.getMessage(), invalid);
            }
            throw new InvalidInputException(origin + ": field '" + path(e) + "': " + firstLine(e.getOriginalMessage()));
        } catch (JacksonException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvalidInputException invalid) {
                throw new InvalidInputException(origin + ": " + invalid.getMessage(), invalid);
            }
            throw new InvalidInputException(origin + ": field '" + path(e) + "': " + firstLine(e.getOriginalMessage()));
        }
    }

    private static String path(JacksonException e) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                // a user's key may hold anything, line breaks included: shown escaped, so the message stays one line
                sb.append(sb.length() == 0 ? "" : ".").append(InputFiles.shown(ref.getPropertyName()));
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid value";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Fields holding a map of the user's own keys: a file replaces them whole rather than merging into them. */
    private static final Set<String> MAPS = Set.of("data.columns", "data.schema");

    /** Deep-merges {@code user} onto {@code base}; sections merge, everything else replaces. */
    private static void merge(ObjectNode base, ObjectNode user, String prefix, Path file) {
        for (Map.Entry<String, JsonNode> e : user.properties()) {
            String key = e.getKey();
            JsonNode existing = base.get(key);
            if (existing == null) {
                throw new InvalidInputException(file + ": unknown field '" + InputFiles.shown(prefix + key) + "'");
            }
            if (existing.isObject() && e.getValue().isObject() && !MAPS.contains(prefix + key)) {
                merge((ObjectNode) existing, (ObjectNode) e.getValue(), prefix + key + ".", file);
            } else {
                base.set(key, e.getValue());
            }
        }
    }

    private static void set(ObjectNode tree, String dottedPath, Object value) {
        String[] parts = dottedPath.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null || !child.isObject()) {
                throw new InvalidInputException("no config section for " + dottedPath);
            }
            node = (ObjectNode) child;
        }
        if (!node.has(parts[parts.length - 1])) {
            throw new InvalidInputException("no config field " + dottedPath);
        }
        node.set(parts[parts.length - 1], JSON.valueToTree(value));
    }
}
