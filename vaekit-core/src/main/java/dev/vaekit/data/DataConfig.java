package dev.vaekit.data;

import dev.vaekit.InvalidInputException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What to train on.
 *
 * @param dataset a dataset spec: {@code mnist}, {@code fashion-mnist}, {@code mnist-mini} or {@code csv:PATH}
 * @param binarization none, static (one draw) or dynamic (a fresh Bernoulli draw of every training batch)
 * @param validationFraction share of the training rows held out for validation, in [0, 1)
 * @param binarizationSeed seed of the one-off draw of static training data and of the validation and test sets
 * @param labelColumn for CSV data: the column holding labels (not a feature); the default {@code label} may be absent
 * @param columns for CSV data with the {@code mixed} likelihood: column name → type (numeric, binary, categorical or
 *     ignore) for the columns whose inferred type is wrong
 * @param schema for CSV data with the {@code mixed} likelihood: the fitted {@link TableSchema}; {@code null} until
 *     training fits it on the training rows, then saved here so that every later file is encoded the same way
 */
public record DataConfig(
        String dataset,
        Binarization binarization,
        double validationFraction,
        long binarizationSeed,
        String labelColumn,
        Map<String, ColumnKind> columns,
        TableSchema schema) {

    /** Validates every field. */
    public DataConfig {
        if (dataset == null || dataset.isBlank()) {
            throw new InvalidInputException(
                    "data.dataset must be set, e.g. mnist, fashion-mnist, mnist-mini or csv:PATH");
        }
        if (binarization == null) {
            throw new InvalidInputException("data.binarization must be set (none, static or dynamic)");
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new InvalidInputException("data.validationFraction must be in [0, 1), got " + validationFraction);
        }
        if (labelColumn != null && labelColumn.isBlank()) {
            labelColumn = null;
        }
        columns = columns == null ? Map.of() : new LinkedHashMap<>(columns);
        if (columns.values().stream().anyMatch(k -> k == null)) {
            throw new InvalidInputException("data.columns: every column needs a type (numeric, binary, categorical or"
                    + " ignore), got " + columns);
        }
        columns = Collections.unmodifiableMap(columns);
    }

    /** A config for image data or plain numeric CSV: label column {@code label}, no column types, no schema. */
    public DataConfig(String dataset, Binarization binarization, double validationFraction, long binarizationSeed) {
        this(dataset, binarization, validationFraction, binarizationSeed, Datasets.CSV_LABEL_COLUMN, Map.of(), null);
    }

    /** @return a copy holding a fitted schema */
    public DataConfig withSchema(TableSchema fitted) {
        return new DataConfig(
                dataset, binarization, validationFraction, binarizationSeed, labelColumn, columns, fitted);
    }
}
