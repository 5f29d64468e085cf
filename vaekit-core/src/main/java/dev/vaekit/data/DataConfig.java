package dev.vaekit.data;

import dev.vaekit.InvalidInputException;
import dev.vaekit.util.ConfigField;
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
        @ConfigField(
                        flag = "--dataset",
                        label = "SPEC",
                        value =
                                "mnist, fashion-mnist, mnist-mini, the 2-D toys moons, rings, checkerboard, 8gaussians, "
                                        + "dsprites, dsprites-small (generated, with known factors), or csv:PATH.")
                String dataset,
        @ConfigField(flag = "--binarize", label = "MODE", value = "none, static or dynamic.") Binarization binarization,
        @ConfigField(flag = "--validation", label = "FRACTION", value = "Share of training rows held out.")
                double validationFraction,
        @ConfigField(flag = "--binarize-seed", label = "SEED", value = "Seed of one-off binarisations.")
                long binarizationSeed,
        @ConfigField(flag = "--label-column", label = "NAME", value = "CSV column holding labels, not a feature.")
                String labelColumn,
        @ConfigField(
                        flag = "--column",
                        label = "NAME=TYPE",
                        value = "Type of a CSV column for the mixed likelihood: numeric, binary, categorical or ignore "
                                + "(repeatable; default: inferred).")
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

    /** @return the defaults: mnist-mini, dynamically binarised, 10% held out for validation */
    public static DataConfig defaults() {
        return new DataConfig("mnist-mini", Binarization.DYNAMIC, 0.1, 0);
    }

    /** @return a copy reading another data set */
    public DataConfig withDataset(String newDataset) {
        return new DataConfig(
                newDataset, binarization, validationFraction, binarizationSeed, labelColumn, columns, schema);
    }

    /** @return a copy with another binarization */
    public DataConfig withBinarization(Binarization newBinarization) {
        return new DataConfig(
                dataset, newBinarization, validationFraction, binarizationSeed, labelColumn, columns, schema);
    }

    /** @return a copy holding out another share for validation */
    public DataConfig withValidationFraction(double fraction) {
        return new DataConfig(dataset, binarization, fraction, binarizationSeed, labelColumn, columns, schema);
    }

    /** @return a copy holding a fitted schema */
    public DataConfig withSchema(TableSchema fitted) {
        return new DataConfig(
                dataset, binarization, validationFraction, binarizationSeed, labelColumn, columns, fitted);
    }
}
