package dev.vaekit.io;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.CsvReader;
import dev.vaekit.latent.LatentCodes;
import dev.vaekit.util.AtomicFiles;
import dev.vaekit.util.InputFiles;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Tables of latent codes (or any rows of floats, such as decoded images) as CSV or NumPy files, chosen by the file
 * name's extension.
 *
 * <p><b>CSV</b>: a header {@code z0,z1,…,z{d−1}} (another prefix for other rows, e.g. {@code x0,…}), then a column
 * {@code label} when the rows have labels, then one row per code. Values are written in Java's shortest
 * round-tripping form ({@link Float#toString(float)}), so reading a file back gives the same floats. Reading accepts a
 * file with or without a header (a header is recognised by a first cell that is not a number); a header column named
 * {@code label} holds integer labels; every other cell must be a finite decimal number.
 *
 * <p><b>NPY</b>: a float32 array of shape (n, d), NPY version 1.0 ({@link Npy}); labels go to a sibling file
 * {@code <name>.labels.npy} (int32, shape (n,)). Reading also takes float64 and Fortran order, and the labels
 * sibling when it exists.
 *
 * <p>Every error is one line naming the file (and for CSV the line, and the column where one is at fault), what was
 * expected and what was found: {@code codes.csv:3: expected 20 latent values, found 19}.
 */
public final class LatentFiles {
    /** Decimal numbers only: no NaN, Infinity, hexadecimal or type suffixes. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    private static final String LABEL = "label";

    private LatentFiles() {}

    /** The two formats. */
    public enum Format {
        /** Comma-separated text with a header. */
        CSV,
        /** NumPy's binary format. */
        NPY;

        /**
         * @param file a file name ending in {@code .csv} or {@code .npy} (any case)
         * @return its format
         * @throws InvalidInputException for any other name
         */
        public static Format of(Path file) {
            String name = file.getFileName() == null
                    ? ""
                    : file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".csv")) {
                return CSV;
            }
            if (name.endsWith(".npy")) {
                return NPY;
            }
            throw new InvalidInputException(file + ": expected a file name ending in .csv or .npy");
        }
    }

    /**
     * @param npy a {@code .npy} file
     * @return its labels sibling: {@code codes.npy} → {@code codes.labels.npy}
     */
    public static Path labelsFile(Path npy) {
        String name = npy.getFileName().toString();
        String stem = name.toLowerCase(Locale.ROOT).endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
        return npy.resolveSibling(stem + ".labels.npy");
    }

    /**
     * Writes codes with columns {@code z0 … z{d−1}}, atomically.
     *
     * @param file a {@code .csv} or {@code .npy} file
     * @param codes the codes
     */
    public static void write(Path file, LatentCodes codes) {
        writeRows(file, "z", codes.values(), codes.latentDim(), codes.labels());
    }

    /**
     * Writes rows of floats, atomically. For NPY, labels go to {@link #labelsFile(Path)}; without labels, a labels
     * sibling left there by an earlier write is deleted, so it cannot be mistaken for these rows' labels.
     *
     * @param file a {@code .csv} or {@code .npy} file
     * @param columnPrefix CSV column names are this prefix followed by 0, 1, …
     * @param values row-major values
     * @param columns values per row
     * @param labels one label per row, or null
     */
    public static void writeRows(Path file, String columnPrefix, float[] values, int columns, int[] labels) {
        if (columns < 1 || values.length % columns != 0) {
            throw new IllegalArgumentException(values.length + " values is not a whole number of rows of " + columns);
        }
        int rows = values.length / columns;
        if (labels != null && labels.length != rows) {
            throw new IllegalArgumentException(labels.length + " labels for " + rows + " rows");
        }
        switch (Format.of(file)) {
            case CSV -> AtomicFiles.write(file, out -> {
                BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
                for (int j = 0; j < columns; j++) {
                    w.write((j > 0 ? "," : "") + columnPrefix + j);
                }
                w.write(labels != null ? ",label\n" : "\n");
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < columns; j++) {
                        if (j > 0) {
                            w.write(',');
                        }
                        w.write(Float.toString(values[i * columns + j]));
                    }
                    if (labels != null) {
                        w.write(',');
                        w.write(Integer.toString(labels[i]));
                    }
                    w.write('\n');
                }
                w.flush();
            });
            case NPY -> {
                Path labelsFile = labelsFile(file);
                if (labels != null) {
                    AtomicFiles.write(labelsFile, out -> Npy.writeInt32(out, labels, rows));
                } else {
                    try {
                        Files.deleteIfExists(labelsFile);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot delete " + labelsFile + ": " + e.getMessage(), e);
                    }
                }
                AtomicFiles.write(file, out -> Npy.writeFloat32(out, values, rows, columns));
            }
        }
    }

    /**
     * Reads latent codes.
     *
     * @param file a {@code .csv} or {@code .npy} file
     * @param expectedDim values per code the caller needs (the model's latent dimension), or 0 to take whatever the
     *     file holds
     * @return the codes, with labels when the file has them
     * @throws InvalidInputException if the file is missing or malformed, holds no codes, or its codes have another
     *     width than {@code expectedDim}
     */
    public static LatentCodes read(Path file, int expectedDim) {
        return switch (Format.of(file)) {
            case CSV -> readCsv(file, expectedDim);
            case NPY -> readNpy(file, expectedDim);
        };
    }

    private static LatentCodes readNpy(Path file, int expectedDim) {
        Npy.Array array = Npy.read(file);
        if (array.kind() != 'f' || (array.itemSize() != 4 && array.itemSize() != 8)) {
            throw new InvalidInputException(file + ": expected float32 or float64 latent codes ('<f4' or '<f8'), found"
                    + " dtype '" + array.descr() + "'");
        }
        long[] shape = array.shape();
        String wanted = "(n, " + (expectedDim > 0 ? Integer.toString(expectedDim) : "d") + ")";
        if (shape.length != 2 || (expectedDim > 0 && shape[1] != expectedDim) || shape[1] < 1) {
            throw new InvalidInputException(
                    file + ": expected an array of shape " + wanted + ", found shape " + array.shapeText());
        }
        if (shape[0] == 0) {
            throw new InvalidInputException(file + ": no latent codes (shape " + array.shapeText() + ")");
        }
        int dim = (int) shape[1];
        float[] values = array.toFloats();
        for (int k = 0; k < values.length; k++) {
            if (!Float.isFinite(values[k])) {
                throw new InvalidInputException(file + ": element [" + k / dim + ", " + k % dim + "] is " + values[k]
                        + "; expected finite numbers");
            }
        }
        int[] labels = null;
        Path labelsFile = labelsFile(file);
        if (Files.isRegularFile(labelsFile)) {
            Npy.Array l = Npy.read(labelsFile);
            if (l.shape().length != 1 || l.shape()[0] != shape[0]) {
                throw new InvalidInputException(labelsFile + ": expected labels of shape (" + shape[0] + ",) to match "
                        + file + ", found shape " + l.shapeText());
            }
            labels = l.toInts();
        }
        return new LatentCodes(values, dim, labels);
    }

    private static LatentCodes readCsv(Path file, int expectedDim) {
        InputFiles.requireRegularFile(file);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parseCsv(in, file.toString(), expectedDim);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file", e);
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(file + ": expected UTF-8 text, found invalid bytes", e);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static LatentCodes parseCsv(BufferedReader in, String file, int expectedDim) throws IOException {
        String[] header = null;
        int labelColumn = -1;
        int dim = expectedDim;
        float[] values = new float[1024];
        int count = 0;
        int[] labels = new int[64];
        int rows = 0;
        int lineNo = 0;
        boolean first = true;
        for (String line; (line = in.readLine()) != null; ) {
            lineNo++;
            if (lineNo == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (first) {
                first = false;
                if (!NUMBER.matcher(cells[0].strip()).matches()) {
                    header = cells;
                    CsvReader.requireDistinctNames(Arrays.asList(cells), file, lineNo);
                    for (int c = 0; c < cells.length; c++) {
                        if (cells[c].strip().equals(LABEL)) {
                            if (labelColumn >= 0) {
                                throw new InvalidInputException(file + ":" + lineNo + ":" + (c + 1)
                                        + ": expected one column named 'label', found a second one");
                            }
                            labelColumn = c;
                        }
                    }
                    int latentColumns = cells.length - (labelColumn >= 0 ? 1 : 0);
                    if (dim > 0 && latentColumns != dim) {
                        throw new InvalidInputException(
                                file + ":" + lineNo + ": expected " + dim + " latent columns, found " + latentColumns);
                    }
                    if (latentColumns < 1) {
                        throw new InvalidInputException(
                                file + ":" + lineNo + ": expected latent columns, found only 'label'");
                    }
                    dim = latentColumns;
                    continue;
                }
                if (dim <= 0) {
                    dim = cells.length;
                }
            }
            int latentCells = cells.length - (labelColumn >= 0 ? 1 : 0);
            if (latentCells != dim || (labelColumn >= 0 && cells.length <= labelColumn)) {
                throw new InvalidInputException(file + ":" + lineNo + ": expected " + dim + " latent values"
                        + (labelColumn >= 0
                                ? " and a label, found " + cells.length + " values"
                                : ", found " + cells.length));
            }
            if (count + dim > values.length) {
                values = Arrays.copyOf(values, Math.max(values.length * 2, count + dim));
            }
            for (int c = 0; c < cells.length; c++) {
                String cell = cells[c].strip();
                if (c == labelColumn) {
                    if (!INTEGER.matcher(cell).matches()) {
                        throw new InvalidInputException(
                                where(file, lineNo, c, header) + ": expected an integer label, found '" + cell + "'");
                    }
                    if (rows == labels.length) {
                        labels = Arrays.copyOf(labels, labels.length * 2);
                    }
                    try {
                        labels[rows] = Integer.parseInt(cell);
                    } catch (NumberFormatException e) {
                        throw new InvalidInputException(
                                where(file, lineNo, c, header) + ": label " + cell + " does not fit in 32 bits");
                    }
                    continue;
                }
                float v = NUMBER.matcher(cell).matches() ? Float.parseFloat(cell) : Float.NaN;
                if (!Float.isFinite(v)) {
                    throw new InvalidInputException(where(file, lineNo, c, header)
                            + ": expected a finite decimal number, found '" + cell + "'");
                }
                values[count++] = v;
            }
            rows++;
        }
        if (rows == 0) {
            throw new InvalidInputException(file + ": no latent codes"
                    + (header != null ? " (only a header)" : " (empty file)") + "; expected one row per code");
        }
        return new LatentCodes(
                Arrays.copyOf(values, count), dim, labelColumn >= 0 ? Arrays.copyOf(labels, rows) : null);
    }

    private static String where(String file, int line, int column, String[] header) {
        String at = file + ":" + line + ":" + (column + 1);
        return header != null && column < header.length ? at + " ('" + header[column].strip() + "')" : at;
    }
}
