package dev.vaekit.train;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.DataConfig;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.models.ModelConfigJson;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.util.InputFiles;
import java.nio.file.Path;
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
    public static final double DEFAULT_LR_DECAY = TrainingConfig.DEFAULT_LR_DECAY;

    /**
     * @return the defaults: a 784-400-20 ReLU Bernoulli VAE on mnist-mini, estimator B, Adam 1e-3, batch 128 (each
     *     section's builder holds its own)
     */
    public static RunConfig defaults() {
        return defaults(ModelConfig.DEFAULT_TYPE);
    }

    /**
     * @param type a registered model type
     * @return the defaults with a model of that type at its family's defaults
     * @throws InvalidInputException if that model does not go with the other sections' defaults (a flow needs data
     *     that are not binarised)
     */
    public static RunConfig defaults(String type) {
        return RunConfig.builder().model(ModelConfig.builder(type).build()).build();
    }

    /**
     * Builds a run config: defaults (of the model type the overrides or the file name), then the file (if any), then
     * the overrides.
     *
     * @param file a JSON or YAML config, or null
     * @param overrides dotted field path → value (String, Number, Boolean or List), applied in order
     * @return the validated config
     */
    public static RunConfig build(Path file, Map<String, Object> overrides) {
        String origin = "defaults";
        boolean decayGiven = overrides.containsKey("training.lrDecay");
        ObjectNode user = null;
        if (file != null) {
            origin = file.toString();
            JsonNode node = readTree(file);
            if (!node.isObject()) {
                throw new InvalidInputException(
                        file + ": expected a mapping with sections data, model, objective, training");
            }
            user = (ObjectNode) node;
            decayGiven |= user.path("training").has("lrDecay");
        }
        Object type = overrides.containsKey("model.type")
                ? overrides.get("model.type")
                : user != null && user.path("model").path("type").isString()
                        ? user.path("model").path("type").asString()
                        : ModelConfig.DEFAULT_TYPE;
        ObjectNode tree = defaultsTree(String.valueOf(type), origin);
        if (user != null) {
            merge(tree, user, "", file.toString());
        }
        for (Map.Entry<String, Object> e : overrides.entrySet()) {
            set(tree, e.getKey(), e.getValue());
            origin = file == null ? "command line" : file + " and the command line";
        }
        RunConfig config = convert(tree, RunConfig.class, origin, false);
        checkDecay(config.training(), decayGiven, origin);
        return config;
    }

    /** The defaults as a tree, with a model of the given type; an unknown type is refused naming its origin. */
    private static ObjectNode defaultsTree(String type, String origin) {
        try {
            return defaultsTree(type);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(origin + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every section's defaults as a tree, with a model of the given type at its family's defaults. Unlike {@link
     * #defaults(String)} it is not validated as a whole: a flow's defaults, say, need data that are not binarised,
     * which a file or the command line must then say.
     *
     * @param type a registered model type
     * @return the tree, as a config file would hold it
     */
    public static ObjectNode defaultsTree(String type) {
        ObjectNode tree = JSON.createObjectNode();
        tree.set("data", JSON.valueToTree(DataConfig.defaults()));
        tree.set("model", ModelConfigJson.defaults(type));
        tree.set("objective", JSON.valueToTree(ObjectiveConfig.defaults()));
        tree.set("training", JSON.valueToTree(TrainingConfig.builder().build()));
        return tree;
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
     * The config a resumed run continues under: its saved config.json read as {@link #read} does, with the given
     * overrides applied. A schedule is a function of the epoch counted from the run's start, so {@code schedule:
     * exponential} with a new rate r continues at r·decayᵉ; a constant schedule is the plain way to set the rate from
     * here on.
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
        ObjectNode tree = savedTree(file);
        String origin = file.toString();
        for (Map.Entry<String, Object> e : overrides.entrySet()) {
            set(tree, e.getKey(), e.getValue());
            origin = file + " and the command line";
        }
        RunConfig config = convert(tree, RunConfig.class, origin, true);
        checkDecay(config.training(), overrides.containsKey("training.lrDecay"), origin);
        return config;
    }

    /**
     * Reads a saved run config. Every field of its model type's config must be present, except the fields added to
     * vaekit after run folders were first written ({@link #ADDED_FIELDS}), which a file written before them lacks
     * and which read as the value that keeps such a run as it was trained (its feature off). A model field of another
     * family (configs written before each family had its own record listed them all) is dropped. Any other unknown
     * field is refused.
     *
     * @param file config.json of a run
     * @return the config
     * @throws InvalidInputException if a field is missing, unknown or invalid
     */
    public static RunConfig read(Path file) {
        return convert(savedTree(file), RunConfig.class, file.toString(), true);
    }

    /**
     * The fields added to the config after run folders were first written, each with the value every run written
     * before it was trained with. The values are history, not today's defaults: a run without {@code
     * model.residualBlocks} had two blocks, whatever a new run's default becomes.
     */
    static final Map<String, Object> ADDED_FIELDS = Map.ofEntries(
            Map.entry("objective.freeBits", 0.0),
            Map.entry("training.batchesPerEpoch", 0),
            Map.entry("objective.groups", 1),
            Map.entry("objective.ciwaeBeta", ObjectiveConfig.DEFAULT_CIWAE_BETA),
            Map.entry("data.labelColumn", "label"),
            Map.entry("data.columns", Map.of()),
            Map.entry("data.channels", DataConfig.DEFAULT_CHANNELS),
            Map.entry("data.imageSize", 0),
            Map.entry("data.strict", false),
            Map.entry("data.sourceHash", JSON.nullNode()),
            Map.entry("data.schema", JSON.nullNode()),
            Map.entry("model.mixtureComponents", 1),
            Map.entry("model.residualBlocks", 2),
            Map.entry("model.prior", "standard"),
            Map.entry("model.pseudoInputs", 500),
            Map.entry("model.conditionClasses", 0),
            Map.entry("model.pixelLayers", 4),
            Map.entry("model.pixelChannels", 32),
            Map.entry("model.posteriorFlow", "none"),
            Map.entry("model.flowLength", 4),
            Map.entry("model.priorFlowLength", 4),
            Map.entry("model.flowHidden", 256),
            Map.entry("model.flowLevels", 2),
            Map.entry("model.dequantize", false),
            Map.entry("model.flowNorm", "actnorm"),
            Map.entry("model.flowTransform", "default"),
            Map.entry("model.flowScale", "default"),
            Map.entry("model.flowBaseDof", 0.0),
            Map.entry("training.emaDecay", 0.0));

    /**
     * A saved config merged onto the defaults of its model type, once it is known to hold every field of that type
     * (added fields filled in).
     */
    private static ObjectNode savedTree(Path file) {
        JsonNode saved = readTree(file);
        if (!saved.isObject()) {
            throw new InvalidInputException(
                    file + ": expected a mapping with sections data, model, objective, training");
        }
        JsonNode type = saved.path("model").path("type");
        if (!type.isString()) {
            throw new InvalidInputException(file + ": missing field 'model.type'");
        }
        ObjectNode tree = defaultsTree(type.asString(), file.toString());
        requireFields(tree, (ObjectNode) saved, file.toString());
        merge(tree, (ObjectNode) saved, "", file.toString());
        return tree;
    }

    /** Refuses a saved config that lacks a section or a field of {@code defaults}, other than an added field. */
    private static void requireFields(ObjectNode defaults, ObjectNode saved, String file) {
        for (var section : defaults.properties()) {
            if (!(saved.get(section.getKey()) instanceof ObjectNode savedSection)) {
                throw new InvalidInputException(
                        file + ": a run config needs the sections data, model, objective and training; '"
                                + section.getKey() + "' is missing");
            }
            for (String field : section.getValue().propertyNames()) {
                String path = section.getKey() + "." + field;
                if (!savedSection.has(field)) {
                    Object added = ADDED_FIELDS.get(path);
                    if (added == null) {
                        throw new InvalidInputException(file + ": missing field '" + path + "'");
                    }
                    savedSection.set(field, JSON.valueToTree(added));
                }
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
        return convert(tree, type, origin, false);
    }

    /**
     * Binds a tree to a record, turning every error into one line that names the origin.
     *
     * @param lenient whether the model section may hold fields of other families ({@link ModelConfigJson#LENIENT})
     */
    private static <T> T convert(JsonNode tree, Class<T> type, String origin, boolean lenient) {
        try {
            return JSON.readerFor(type)
                    .withAttribute(ModelConfigJson.LENIENT, lenient)
                    .readValue(tree);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(origin + ": " + e.getMessage(), e);
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

    /**
     * Deep-merges {@code user} onto {@code base}; sections merge, everything else replaces. The model section takes
     * any field: which fields a model has depends on its family, and reading it checks them ({@link ModelConfigJson}).
     */
    private static void merge(ObjectNode base, ObjectNode user, String prefix, String file) {
        for (Map.Entry<String, JsonNode> e : user.properties()) {
            String key = e.getKey();
            JsonNode existing = base.get(key);
            if (existing == null && prefix.equals("model.")) {
                base.set(key, e.getValue());
                continue;
            }
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
        if (!node.has(parts[parts.length - 1]) && !(parts.length == 2 && parts[0].equals("model"))) {
            throw new InvalidInputException("no config field " + dottedPath);
        }
        node.set(parts[parts.length - 1], JSON.valueToTree(value));
    }
}
