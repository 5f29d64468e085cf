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
                                + "8gaussians, dsprites, dsprites-small (generated, with known factors), csv:PATH (a "
                                + "table), or folder:PATH (every image under PATH; its first-level sub-folders are "
                                + "classes).")
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
        return builder().build();
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from this config */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.dataset = dataset;
        b.binarization = binarization;
        b.validationFraction = validationFraction;
        b.binarizationSeed = binarizationSeed;
        b.labelColumn = labelColumn;
        b.columns = columns;
        b.channels = channels;
        b.imageSize = imageSize;
        b.strict = strict;
        b.sourceHash = sourceHash;
        b.schema = schema;
        return b;
    }

    /** @return a copy reading another data set */
    public DataConfig withDataset(String newDataset) {
        return toBuilder().dataset(newDataset).build();
    }

    /** @return a copy with another binarization */
    public DataConfig withBinarization(Binarization newBinarization) {
        return toBuilder().binarization(newBinarization).build();
    }

    /** @return a copy holding out another share for validation */
    public DataConfig withValidationFraction(double fraction) {
        return toBuilder().validationFraction(fraction).build();
    }

    /** @return a copy holding a fitted schema */
    public DataConfig withSchema(TableSchema fitted) {
        Builder b = toBuilder();
        b.schema = fitted;
        return b.build();
    }

    /** @return a copy recording the hash of the images a run used */
    public DataConfig withSourceHash(String hash) {
        Builder b = toBuilder();
        b.sourceHash = hash;
        return b.build();
    }

    /** Builds a {@link DataConfig}; it starts from the defaults. */
    public static final class Builder {
        private String dataset = "mnist-mini";
        private Binarization binarization = Binarization.DYNAMIC;
        private double validationFraction = 0.1;
        private long binarizationSeed = 0;
        private String labelColumn = Datasets.CSV_LABEL_COLUMN;
        private Map<String, ColumnKind> columns = Map.of();
        private int channels = DEFAULT_CHANNELS;
        private int imageSize = 0;
        private boolean strict = false;
        private String sourceHash;
        private TableSchema schema;

        private Builder() {}

        /** @param value the data set's spec @return this builder */
        public Builder dataset(String value) {
            this.dataset = value;
            return this;
        }

        /** @param value none, static or dynamic @return this builder */
        public Builder binarization(Binarization value) {
            this.binarization = value;
            return this;
        }

        /** @param value share of the training rows held out @return this builder */
        public Builder validationFraction(double value) {
            this.validationFraction = value;
            return this;
        }

        /** @param value seed of one-off binarisations @return this builder */
        public Builder binarizationSeed(long value) {
            this.binarizationSeed = value;
            return this;
        }

        /** @param value a CSV file's label column @return this builder */
        public Builder labelColumn(String value) {
            this.labelColumn = value;
            return this;
        }

        /** @param value CSV column types for the mixed likelihood @return this builder */
        public Builder columns(Map<String, ColumnKind> value) {
            this.columns = value;
            return this;
        }

        /** @param value channels per image of a folder, 1 or 3 @return this builder */
        public Builder channels(int value) {
            this.channels = value;
            return this;
        }

        /** @param value a folder's images' size, 0 for their own @return this builder */
        public Builder imageSize(int value) {
            this.imageSize = value;
            return this;
        }

        /** @param value refuse a folder with an unreadable file @return this builder */
        public Builder strict(boolean value) {
            this.strict = value;
            return this;
        }

        /** @return the validated config */
        public DataConfig build() {
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
                    schema);
        }
    }
}
