package dev.vaekit.cli;

import dev.vaekit.data.DataConfig;
import dev.vaekit.models.ConfigPart;
import dev.vaekit.models.FamilyConfig;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.models.ModelConfigJson;
import dev.vaekit.models.ModelFamilies;
import dev.vaekit.models.ModelFamily;
import dev.vaekit.models.ModelType;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.train.Configs;
import dev.vaekit.train.TrainingConfig;
import dev.vaekit.util.ConfigField;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The configuration reference ({@code docs/configuration.md}), made from the config records themselves: every field
 * with its flag, its default (from the record's builder) and its documentation ({@link ConfigField}), the model
 * section's shared fields and then each registered family's own. Written once, in the records; a test keeps the page
 * equal to what this class makes of them.
 */
final class ConfigReference {
    private ConfigReference() {}

    /** @return the page, in Markdown */
    static String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Configuration reference\n\n")
                .append("A run's config has four sections: `data`, `model`, `objective` and `training`. A config file "
                        + "(YAML or JSON, `--config`) names only what differs from the defaults below; each flag of "
                        + "`vaekit train` sets one field; a run folder's `config.json` holds every field. The `model` "
                        + "section holds the fields every model shares and, beside them, the fields of its type's "
                        + "family; a field of another family is refused (\"does not apply to\") unless it holds that "
                        + "family's default. Unknown fields are refused too.\n\n")
                .append("This page is made from the config records' own documentation, so it cannot drift from the "
                        + "code: after changing a field, regenerate it with `mvn -pl vaekit-cli test "
                        + "-Dtest=ConfigReferenceTest -Dvaekit.docs.update=true`.\n\n");
        ObjectNode defaults = Configs.defaultsTree(ModelConfig.DEFAULT_TYPE);
        section(md, "data", "What to train on (`DataConfig`).", DataConfig.class, (ObjectNode) defaults.get("data"));
        section(
                md,
                "model: shared fields",
                "The fields of every model (`ModelConfig`); `model.inputShape` is taken from the data.",
                ModelConfig.class,
                (ObjectNode) defaults.get("model"));
        // families sharing a config record (the flows) share a section
        Map<Class<?>, List<ModelFamily>> byRecord = new LinkedHashMap<>();
        ModelFamilies.families().forEach(f -> byRecord.computeIfAbsent(f.configClass(), k -> new ArrayList<>())
                .add(f));
        for (List<ModelFamily> families : byRecord.values()) {
            ModelFamily first = families.get(0);
            String types = families.stream()
                    .flatMap(f -> f.types().stream())
                    .map(ModelType::name)
                    .map(t -> "`" + t + "`")
                    .collect(Collectors.joining(", "));
            String summary = families.size() == 1
                    ? first.summary()
                    : "A stand-alone " + first.noun() + ": "
                            + families.stream().map(ModelFamily::name).collect(Collectors.joining(", ")) + ".";
            section(
                    md,
                    "model: " + first.noun() + " (" + types + ")",
                    summary + " Fields of `" + first.configClass().getSimpleName() + "`.",
                    first.configClass(),
                    ModelConfigJson.defaults(first.types().get(0).name()));
        }
        section(
                md,
                "objective",
                "What bound a VAE maximises (`ObjectiveConfig`); models without a KL term keep the defaults.",
                ObjectiveConfig.class,
                (ObjectNode) defaults.get("objective"));
        section(md, "training", "How to optimise (`TrainingConfig`).", TrainingConfig.class, (ObjectNode)
                defaults.get("training"));
        return md.toString();
    }

    private static void section(StringBuilder md, String title, String intro, Class<?> record, ObjectNode defaults) {
        String prefix = title.startsWith("model") ? "model." : title + ".";
        md.append("## ").append(title).append("\n\n").append(intro).append("\n\n");
        List<String> rows = new ArrayList<>();
        List<String> inherited = new ArrayList<>();
        rows(record, prefix, defaults, rows, inherited);
        md.append("| field | flag | default | meaning |\n|---|---|---|---|\n");
        rows.forEach(r -> md.append(r).append('\n'));
        for (String other : inherited) {
            md.append("\nand every field of `").append(other).append("` above.\n");
        }
        md.append('\n');
    }

    private static void rows(
            Class<?> record, String prefix, ObjectNode defaults, List<String> rows, List<String> inherited) {
        for (RecordComponent c : record.getRecordComponents()) {
            Class<?> type = c.getType();
            if (type == FamilyConfig.class || (type.isRecord() && FamilyConfig.class.isAssignableFrom(type))) {
                if (type != FamilyConfig.class) {
                    inherited.add(type.getSimpleName());
                }
                continue;
            }
            if (type.isRecord() && ConfigPart.class.isAssignableFrom(type)) {
                rows(type, prefix, defaults, rows, inherited);
                continue;
            }
            String name = ModelConfigJson.name(c);
            ConfigField doc = c.getAnnotation(ConfigField.class);
            JsonNode value = defaults.get(name);
            rows.add("| `" + prefix + name + "` | "
                    + (doc == null || doc.flag().isEmpty() ? "" : "`" + doc.flag() + "`") + " | "
                    + (value == null || value.isNull() ? "" : "`" + value + "`") + " | "
                    + (doc == null ? describe(name) : doc.value().replace("|", "\\|")) + " |");
        }
    }

    /** The fields without a flag: set from the data, not by the user. */
    private static String describe(String field) {
        return switch (field) {
            case "inputShape" -> "(channels, height, width) of one example, taken from the data.";
            case "schema" -> "For the mixed likelihood: the table's fitted schema, kept so later files are encoded "
                    + "the same way.";
            case "sourceHash" -> "For a folder of images: the hash of the images the run used (paths, classes and "
                    + "bytes), written when training starts; a resume on changed images is refused.";
            default -> "";
        };
    }
}
