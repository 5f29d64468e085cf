package dev.vaekit.models;

import dev.vaekit.InvalidInputException;
import dev.vaekit.nn.ParameterMemory;
import dev.vaekit.util.ConfigField;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * Names the config field behind a parameter too large for memory ({@link ParameterMemory.TooLargeException}), among the
 * model's size fields (the whole numbers and lists of them that have a flag, in {@link ModelConfig} and its family's
 * records). For a tensor too large alone: the field whose value lies closest, by ratio, to the tensor's largest size
 * (that size is a field's value or a small multiple of it, like the encoder's 2·latentDim outputs or a one-hot label
 * beside the pixels). For parameters too large together: the field with the largest value (the tensor that crosses the
 * machine's memory need not be a large one).
 */
final class OversizedModel {

    /** A size field of the config: its name in a file, its flag, its value and the whole numbers it holds. */
    private record SizeField(String name, String flag, Object value, List<Long> sizes) {

        long largest() {
            return sizes.stream().mapToLong(Long::longValue).max().orElse(0);
        }

        /** @return the smallest |ln(size / v)| over the field's values v */
        double distance(long size) {
            return sizes.stream()
                    .mapToDouble(v -> Math.abs(Math.log((double) size / v)))
                    .min()
                    .orElse(Double.POSITIVE_INFINITY);
        }
    }

    private OversizedModel() {}

    /**
     * @param config the model being built
     * @param e the refusal of one of its parameters
     * @return the refusal, one line starting with the field that sized the parameter
     */
    static InvalidInputException refusal(ModelConfig config, ParameterMemory.TooLargeException e) {
        List<SizeField> fields = new ArrayList<>();
        collect(config, fields);
        long size = 1;
        for (long s : e.sizes()) {
            size = Math.max(size, s);
        }
        SizeField best = null;
        for (SizeField f : fields) {
            boolean better;
            if (best == null) {
                better = true;
            } else if (e.allParameters()) {
                better = f.largest() > best.largest();
            } else {
                better = f.distance(size) < best.distance(size)
                        || (f.distance(size) == best.distance(size) && f.largest() > best.largest());
            }
            if (better) {
                best = f;
            }
        }
        String field = best == null
                ? "model (" + config.type() + ")"
                : "model." + best.name() + " (" + best.flag() + ") = " + best.value();
        return new InvalidInputException(
                field + ": expected a model whose parameters fit in memory, but " + e.getMessage(), e);
    }

    /** Adds the size fields of a config record and of the records it holds flat ({@link ConfigPart}s, the family). */
    private static void collect(Record record, List<SizeField> out) {
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            Object value = get(c, record);
            if (value instanceof Record part && value instanceof ConfigPart) {
                collect(part, out);
                continue;
            }
            ConfigField doc = c.getAnnotation(ConfigField.class);
            if (doc == null || doc.flag().isEmpty()) {
                continue;
            }
            List<Long> sizes = sizes(value);
            if (!sizes.isEmpty()) {
                out.add(new SizeField(ModelConfigJson.name(c), doc.flag(), value, sizes));
            }
        }
    }

    /** @return the value, or the elements of a list, when they are whole numbers ≥ 1; else none */
    private static List<Long> sizes(Object value) {
        List<?> values = value instanceof List<?> list ? list : java.util.Collections.singletonList(value);
        List<Long> sizes = new ArrayList<>();
        for (Object o : values) {
            if (!(o instanceof Integer || o instanceof Long) || ((Number) o).longValue() < 1) {
                return List.of();
            }
            sizes.add(((Number) o).longValue());
        }
        return sizes;
    }

    /** @return the component's value, or null where it cannot be read (a family's record this class may not see) */
    private static Object get(RecordComponent c, Record record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null;
        }
    }
}
