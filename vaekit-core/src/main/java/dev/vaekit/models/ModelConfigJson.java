package dev.vaekit.models;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vaekit.InvalidInputException;
import dev.vaekit.util.ConfigField;
import dev.vaekit.util.InputFiles;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code model} section of a config as a file holds it: one flat object with the shared fields of {@link
 * ModelConfig} and the fields of its family's record beside them ({@code prior}, not {@code vae.prior}); records that
 * are {@link ConfigPart}s are unwrapped likewise. Reading starts from the defaults of the section's type, so a file
 * names only what differs, and the records validate the result.
 *
 * <p>A field that belongs to another family is refused when a config is built ("does not apply to a realnvp"), unless
 * it holds that family's default: configs written before the families had records of their own list every field of
 * every family, at its default where it did not apply. Reading a saved run ({@link #LENIENT}) drops such fields
 * whatever they hold, since they never affected that run's model.
 */
public final class ModelConfigJson {
    /**
     * A deserialization attribute: when {@code true}, fields of other families are dropped rather than checked (for
     * reading the config of a saved run).
     */
    public static final String LENIENT = "dev.vaekit.models.lenientModelSection";

    private static final JsonMapper LEAVES = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ModelConfigJson() {}

    /** Writes a model config as its flat section. */
    public static final class Writer extends ValueSerializer<ModelConfig> {
        @Override
        public void serialize(ModelConfig value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeTree(flatten(value));
        }
    }

    /** Reads a flat section into a model config. */
    public static final class Reader extends ValueDeserializer<ModelConfig> {
        @Override
        public ModelConfig deserialize(JsonParser p, DeserializationContext ctxt) {
            JsonNode node = ctxt.readTree(p);
            return read(node, Boolean.TRUE.equals(ctxt.getAttribute(LENIENT)));
        }
    }

    /**
     * @param config a model config
     * @return its flat section: the shared fields, then the family's
     */
    public static ObjectNode flatten(ModelConfig config) {
        ObjectNode out = LEAVES.createObjectNode();
        for (RecordComponent c : ModelConfig.class.getRecordComponents()) {
            if (c.getName().equals("family")) {
                flattenRecord(config.family(), out);
            } else {
                out.set(name(c), LEAVES.valueToTree(get(c, config)));
            }
        }
        return out;
    }

    /**
     * The flat section of a type's defaults.
     *
     * @param type a registered model type
     * @return every field of that type at its default, input shape null
     */
    public static ObjectNode defaults(String type) {
        return flatten(ModelConfig.builder(type).build());
    }

    /**
     * Reads a flat section: the type's defaults overlaid with the section's fields, each field checked to belong to
     * the type's family.
     *
     * @param node the section
     * @param lenient drop fields of other families whatever their value (for a saved run's config)
     * @return the validated config
     * @throws InvalidInputException naming the field, for an unknown or foreign field or a bad value
     */
    public static ModelConfig read(JsonNode node, boolean lenient) {
        if (!(node instanceof ObjectNode section)) {
            throw new InvalidInputException("model: expected a mapping of model fields");
        }
        JsonNode typeNode = section.get("type");
        if (typeNode == null || typeNode.isNull()) {
            throw new InvalidInputException("missing field 'model.type'");
        }
        if (!typeNode.isString()) {
            throw new InvalidInputException("model.type: expected a model type, found " + typeNode);
        }
        ModelType type = ModelFamilies.type(typeNode.asString());
        ObjectNode values = defaults(type.name());
        Map<String, Foreign> foreign = foreignFields();
        for (Map.Entry<String, JsonNode> e : section.properties()) {
            String key = e.getKey();
            if (values.has(key)) {
                values.set(key, e.getValue());
            } else if (foreign.containsKey(key)) {
                Foreign other = foreign.get(key);
                if (!lenient && !sameValue(other.defaultValue(), e.getValue())) {
                    throw new InvalidInputException("model." + key
                            + (other.flag().isEmpty() ? "" : " (" + other.flag() + ")") + " does not apply to a "
                            + type.name() + " (a " + type.family().noun() + "); leave it out");
                }
            } else {
                throw new InvalidInputException("unknown field 'model." + InputFiles.shown(key)
                        + "'; known fields of a " + type.name() + ": " + iterable(values));
            }
        }
        Object[] core = new Object[ModelConfig.class.getRecordComponents().length];
        RecordComponent[] components = ModelConfig.class.getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            core[i] = c.getName().equals("family")
                    ? build(type.family().configClass(), values)
                    : leaf(values.get(name(c)), c);
        }
        return (ModelConfig) construct(ModelConfig.class, core);
    }

    /** A field of some family: its default there and its flag. */
    private record Foreign(JsonNode defaultValue, String flag) {}

    /** Every field of every registered family, with that family's default (the first family's, if several). */
    private static Map<String, Foreign> foreignFields() {
        Map<String, Foreign> all = new LinkedHashMap<>();
        for (ModelFamily family : ModelFamilies.families()) {
            ObjectNode defaults = LEAVES.createObjectNode();
            flattenRecord(family.defaults().get(), defaults);
            Map<String, String> flags = new LinkedHashMap<>();
            flags(family.configClass(), flags);
            for (Map.Entry<String, JsonNode> e : defaults.properties()) {
                all.putIfAbsent(e.getKey(), new Foreign(e.getValue(), flags.getOrDefault(e.getKey(), "")));
            }
        }
        return all;
    }

    private static void flags(Class<?> record, Map<String, String> out) {
        for (RecordComponent c : record.getRecordComponents()) {
            if (isPart(c.getType())) {
                flags(c.getType(), out);
            } else {
                ConfigField doc = c.getAnnotation(ConfigField.class);
                out.put(name(c), doc == null ? "" : doc.flag());
            }
        }
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.asDouble() == b.asDouble();
        }
        return a.equals(b);
    }

    private static String iterable(ObjectNode values) {
        return values.propertyNames().toString();
    }

    private static void flattenRecord(Object record, ObjectNode out) {
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            Object value = get(c, record);
            if (isPart(c.getType())) {
                flattenRecord(value, out);
            } else {
                out.set(name(c), LEAVES.valueToTree(value));
            }
        }
    }

    private static Object build(Class<?> record, ObjectNode values) {
        if (!record.isRecord()) {
            throw new IllegalStateException(record.getName() + " must be a record to be read from a config");
        }
        RecordComponent[] components = record.getRecordComponents();
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            args[i] = isPart(c.getType()) ? build(c.getType(), values) : leaf(values.get(name(c)), c);
        }
        return construct(record, args);
    }

    private static Object leaf(JsonNode node, RecordComponent c) {
        String field = "model." + name(c);
        if ((node == null || node.isNull()) && c.getType().isPrimitive()) {
            throw new InvalidInputException("missing field '" + field + "'");
        }
        try {
            return LEAVES.treeToValue(node, LEAVES.constructType(c.getGenericType()));
        } catch (JacksonException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof InvalidInputException invalid) {
                    throw invalid;
                }
            }
            String message = e.getOriginalMessage() == null ? "invalid value" : e.getOriginalMessage();
            int nl = message.indexOf('\n');
            throw new InvalidInputException(
                    "field '" + field + "': " + (nl < 0 ? message : message.substring(0, nl)), e);
        }
    }

    private static Object construct(Class<?> record, Object[] args) {
        RecordComponent[] components = record.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        try {
            Constructor<?> constructor = record.getDeclaredConstructor(types);
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(record.getName() + ": cannot call its canonical constructor", e);
        }
    }

    private static Object get(RecordComponent c, Object record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(c + ": cannot read", e);
        }
    }

    private static boolean isPart(Class<?> type) {
        return type.isRecord() && ConfigPart.class.isAssignableFrom(type);
    }

    /**
     * @param c a component of a config record
     * @return the field's name in a file: its {@link JsonProperty} name if it has one, else the component's
     */
    public static String name(RecordComponent c) {
        JsonProperty property = c.getAccessor().getAnnotation(JsonProperty.class);
        return property != null && !property.value().isEmpty() ? property.value() : c.getName();
    }
}
