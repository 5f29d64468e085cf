package dev.vaekit.cli;

import dev.vaekit.data.DataConfig;
import dev.vaekit.models.ConfigPart;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.models.ModelConfigJson;
import dev.vaekit.models.ModelFamilies;
import dev.vaekit.models.ModelFamily;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.train.Configs;
import dev.vaekit.train.TrainingConfig;
import dev.vaekit.util.ConfigField;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The config flags of {@code vaekit train}, one per config field that documents a flag ({@link ConfigField}): the data
 * section, the model's shared fields and the fields of every registered family, the objective and the training
 * section. Each flag sets exactly one field; its help is the field's documentation with the default appended, so both
 * live in one place (the record's annotation and its builder). A family registered in {@link ModelFamilies} brings its
 * flags with it.
 */
final class ConfigFlags implements CommandLine.IModelTransformer {

    /**
     * One flag.
     *
     * @param name e.g. {@code --latent-dim}
     * @param path the dotted config field it sets, e.g. {@code model.latentDim}
     * @param doc the field's documentation
     * @param type the field's Java type
     * @param element for a list field, its element type; else null
     */
    record Flag(String name, String path, ConfigField doc, Class<?> type, Class<?> element) {}

    /** @return every config flag, in section order, each flag once (the first field that documents it) */
    static List<Flag> all() {
        Map<String, Flag> flags = new LinkedHashMap<>();
        collect(DataConfig.class, "data.", flags);
        collect(ModelConfig.class, "model.", flags);
        for (ModelFamily family : ModelFamilies.families()) {
            collect(family.configClass(), "model.", flags);
        }
        collect(ObjectiveConfig.class, "objective.", flags);
        collect(TrainingConfig.class, "training.", flags);
        return List.copyOf(flags.values());
    }

    /** @return flag → the config field it sets */
    static Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        all().forEach(f -> fields.put(f.name(), f.path()));
        return fields;
    }

    private static void collect(Class<?> record, String section, Map<String, Flag> flags) {
        for (RecordComponent c : record.getRecordComponents()) {
            if (c.getType().isRecord() && ConfigPart.class.isAssignableFrom(c.getType())) {
                collect(c.getType(), section, flags);
                continue;
            }
            ConfigField doc = c.getAnnotation(ConfigField.class);
            if (doc == null || doc.flag().isEmpty() || flags.containsKey(doc.flag())) {
                continue;
            }
            Class<?> element = null;
            if (c.getType() == List.class && c.getGenericType() instanceof ParameterizedType p) {
                element = (Class<?>) p.getActualTypeArguments()[0];
            }
            flags.put(doc.flag(), new Flag(doc.flag(), section + ModelConfigJson.name(c), doc, c.getType(), element));
        }
    }

    @Override
    public CommandSpec transform(CommandSpec spec) {
        ObjectNode defaults = (ObjectNode) Configs.json().valueToTree(Configs.defaults());
        for (Flag flag : all()) {
            spec.addOption(option(flag, defaultOf(flag, defaults)));
        }
        return spec;
    }

    private static OptionSpec option(Flag flag, String defaultValue) {
        String text = flag.doc().value();
        String description = defaultValue == null
                ? text
                : text.endsWith(".")
                        ? text.substring(0, text.length() - 1) + " (default " + defaultValue + ")."
                        : text + " (default " + defaultValue + ")";
        OptionSpec.Builder option = OptionSpec.builder(flag.name())
                .paramLabel(flag.doc().label())
                .description(description.replace("%", "%%"));
        Class<?> type = flag.type();
        if (type == List.class) {
            option.type(List.class).auxiliaryTypes(flag.element()).splitRegex(",");
        } else if (type == Map.class) {
            option.type(Map.class).auxiliaryTypes(String.class, String.class);
        } else if (type == boolean.class || type == Boolean.class) {
            option.type(Boolean.class).arity("0..1").fallbackValue("true");
        } else if (type == int.class) {
            option.type(Integer.class);
        } else if (type == long.class) {
            option.type(Long.class);
        } else if (type == double.class) {
            option.type(Double.class);
        } else {
            option.type(String.class); // enums and text: the config's reader parses them, naming the choices
        }
        return option.build();
    }

    /** The default a flag's field takes, as text: from the run defaults, or the first family that has the field. */
    private static String defaultOf(Flag flag, ObjectNode defaults) {
        String[] parts = flag.path().split("\\.");
        JsonNode value = defaults.path(parts[0]).get(parts[1]);
        if (value == null && parts[0].equals("model")) {
            for (ModelFamily family : ModelFamilies.families()) {
                value = ModelConfigJson.defaults(family.types().get(0).name()).get(parts[1]);
                if (value != null) {
                    break;
                }
            }
        }
        if (value == null || value.isNull() || (value.isContainer() && value.isEmpty())) {
            return null;
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(v.asString()));
            return String.join(",", items);
        }
        return value.asString();
    }
}
