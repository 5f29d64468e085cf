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
 * @param channels for a folder of images: 1 (grey, ITU-R BT.601 luma) or 3 (colour) channels per image
 * @param imageSize for a folder of images: each image's short side scaled to S and the centre cropped to S × S
 *     ({@link dev.vaekit.data.images.ImageResizer}); 0 keeps the images' own size, which must then be the same for all
 * @param strict for a folder of images: refuse the folder when a file cannot be read, rather than skip the file
 * @param sourceHash for a folder of images: the hash of the images a run used (their paths, classes and bytes), written
 *     when training starts; {@code null} before, and for other data
 * @param schema for CSV data with the {@code mixed} likelihood: the fitted {@link TableSchema}; {@code null} until
 *     training fits it on the training rows, then saved here so that every later file is encoded the same way
 */
public record DataConfig(
        @ConfigField(
                        flag = "--dataset",
                        label = "SPEC",
                        value = "mnist, fashion-mnist, mnist-mini, the 2-D toys moons, rings, checkerboard, "
                                + "8gaussians, csv:PATH (a table), or folder:PATH (every image under PATH; its "
                                + "first-level sub-folders are classes).")
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
        @ConfigField(
                        flag = "--channels",
                        label = "C",
                        value = "Channels per image of a folder: 1 (grey) or 3 (colour).")
                int channels,
        @ConfigField(
                        flag = "--image-size",
                        label = "S",
                        value = "Images of a folder scaled so their short side is S, then centre-cropped to S x S "
                                + "(area averaging when shrinking, bilinear when enlarging); 0 keeps their own size.")
                int imageSize,
        @ConfigField(
                        flag = "--strict",
                        label = "BOOL",
                        value = "Refuse a folder of images when a file cannot be read, instead of skipping it.")
                boolean strict,
        String sourceHash,
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
        if (channels != 1 && channels != 3) {
            throw new InvalidInputException(
                    "data.channels (--channels) must be 1 (grey) or 3 (colour), got " + channels);
        }
        if (imageSize < 0 || imageSize > dev.vaekit.data.images.DecodeSettings.MAX_IMAGE_SIZE) {
            throw new InvalidInputException("data.imageSize (--image-size) must be 0 (the images' own size) or a size "
                    + "in pixels up to " + dev.vaekit.data.images.DecodeSettings.MAX_IMAGE_SIZE + ", got " + imageSize);
        }
        boolean folder = dataset.trim().startsWith(Datasets.FOLDER_PREFIX);
        if (!folder && (channels != DEFAULT_CHANNELS || imageSize != 0 || strict)) {
            throw new InvalidInputException("data.channels, data.imageSize and data.strict (--channels, --image-size, "
                    + "--strict) apply to a folder of images (data.dataset folder:PATH); " + dataset + " is not one");
        }
    }

    /** Channels per image of a folder when a config does not say. */
    public static final int DEFAULT_CHANNELS = 3;

    /** A config for image data or plain numeric CSV: label column {@code label}, no column types, no schema. */
    public DataConfig(String dataset, Binarization binarization, double validationFraction, long binarizationSeed) {
        this(
                dataset,
                binarization,
                validationFraction,
                binarizationSeed,
                Datasets.CSV_LABEL_COLUMN,
                Map.of(),
                DEFAULT_CHANNELS,
                0,
                false,
                null,
                null);
    }

    /** @return the defaults: mnist-mini, dynamically binarised, 10% held out for validation */
    public static DataConfig defaults() {
        return new DataConfig("mnist-mini", Binarization.DYNAMIC, 0.1, 0);
    }

    /** @return a copy reading another data set */
    public DataConfig withDataset(String newDataset) {
        return new DataConfig(
                newDataset,
                binarization,
                validationFraction,
                binarizationSeed,
                labelColumn,
                columns,
                channels,
                imageSize,
                strict,
                sourceHash,
                schema);
    }

    /** @return a copy with another binarization */
    public DataConfig withBinarization(Binarization newBinarization) {
        return new DataConfig(
                dataset,
                newBinarization,
                validationFraction,
                binarizationSeed,
                labelColumn,
                columns,
                channels,
                imageSize,
                strict,
                sourceHash,
                schema);
    }

    /** @return a copy holding out another share for validation */
    public DataConfig withValidationFraction(double fraction) {
        return new DataConfig(
                dataset,
                binarization,
                fraction,
                binarizationSeed,
                labelColumn,
                columns,
                channels,
                imageSize,
                strict,
                sourceHash,
                schema);
    }

    /** @return a copy holding a fitted schema */
    public DataConfig withSchema(TableSchema fitted) {
        return new DataConfig(
                dataset,
                binarization,
                validationFraction,
                binarizationSeed,
                labelColumn,
                columns,
                channels,
                imageSize,
                strict,
                sourceHash,
                fitted);
    }

    /** @return a copy recording the hash of the images a run used */
    public DataConfig withSourceHash(String hash) {
        return new DataConfig(
                dataset,
                binarization,
                validationFraction,
                binarizationSeed,
                labelColumn,
                columns,
                channels,
                imageSize,
                strict,
                hash,
                schema);
    }
}
